using System.Text;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Protocol.Tests.Invites;

/// <summary>Builds valid invite fields from a seed, so properties can range over them.</summary>
internal static class InviteSamples
{
    private const string Base32Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly string[] s_nameParts = ["Ana", "Bo", "Zoë", "李", "Δ", " ", "-", "🙂", "Ω", "x"];

    public const string Onion = "pvtcomsrelayexampleonionaddressforinvitetestsabcdefghijk.onion";

    public static string OnionAddress(Random random)
    {
        var label = new char[RelayEndpoint.OnionLabelLength];
        for (var i = 0; i < label.Length; i++)
        {
            label[i] = Base32Alphabet[random.Next(Base32Alphabet.Length)];
        }

        var address = new string(label) + ".onion";
        return random.Next(3) == 0 ? address + ":" + random.Next(1, 65536) : address;
    }

    public static RelayEndpoint Relay(Random random)
    {
        string address = random.Next(4) switch
        {
            0 => "http://127.0.0.1:" + random.Next(1, 65536),
            1 => "localhost:" + random.Next(1, 65536),
            _ => OnionAddress(random),
        };
        return RelayEndpoint.Parse(address).Value;
    }

    public static string Name(Random random)
    {
        var builder = new StringBuilder();
        var count = random.Next(0, 12);
        for (var i = 0; i < count; i++)
        {
            var part = s_nameParts[random.Next(s_nameParts.Length)];
            if (Encoding.UTF8.GetByteCount(builder + part) > InviteDisplayName.MaxLength)
            {
                break;
            }

            builder.Append(part);
        }

        return builder.ToString();
    }

    public static Invite Random(int seed, int maxBundle = 300)
    {
        var random = new Random(seed);
        var token = new byte[Invite.IntroTokenSize];
        random.NextBytes(token);
        var bundle = new byte[random.Next(1, maxBundle + 1)];
        random.NextBytes(bundle);
        return Invite.Create(Relay(random), token, bundle, Name(random));
    }

    public static Invite Small() =>
        Invite.Create(RelayEndpoint.Parse(Onion).Value, new byte[Invite.IntroTokenSize], [1, 2, 3, 4, 5, 6, 7, 8], "Ana");
}
