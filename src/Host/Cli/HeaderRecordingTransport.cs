using System.Security.Cryptography;
using Pvtcoms.Actors.Transport;
using Pvtcoms.Protocol.Invites;

namespace Pvtcoms.Host.Cli;

/// <summary>
/// For the crash-invariant test only (<c>pvtcoms soak --record-headers FILE</c>): appends, for every blob fetched,
/// the blob's encrypted ratchet header (bytes 1..81: the synthetic nonce and sealed header, ADR 0010) and the
/// SHA-256 of the whole blob. The same encrypted header in two different blobs means a sender re-used a ratchet
/// state, i.e. a message key and nonce; a re-sent identical blob (outbox retry) is not a re-use. Both values are
/// ciphertext, nothing secret.
/// </summary>
public sealed class HeaderRecordingTransport(IRelayTransport inner, string path) : IRelayTransport
{
    private const int HeaderStart = 1;
    private const int HeaderLength = 80;
    private readonly Lock _gate = new();

    public Task<DepositOutcome> DepositAsync(RelayEndpoint relay, byte[] token, byte[] blob, CancellationToken cancellationToken) =>
        inner.DepositAsync(relay, token, blob, cancellationToken);

    public async Task<FetchOutcome> FetchAsync(RelayEndpoint relay, IReadOnlyList<byte[]> tokens, CancellationToken cancellationToken)
    {
        var outcome = await inner.FetchAsync(relay, tokens, cancellationToken).ConfigureAwait(false);
        if (outcome.Blobs.Count > 0)
        {
            var lines = outcome.Blobs
                .Where(b => b.Blob.Length >= HeaderStart + HeaderLength)
                .Select(b => Convert.ToHexString(b.Blob.Span.Slice(HeaderStart, HeaderLength)) + " " + Convert.ToHexString(SHA256.HashData(b.Blob.Span)))
                .ToList();
            lock (_gate)
            {
                using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                using var writer = new StreamWriter(file);
                foreach (var line in lines)
                {
                    writer.WriteLine(line);
                }

                writer.Flush();
                file.Flush(flushToDisk: true);
            }
        }

        return outcome;
    }

    public Task<ConfirmOutcome> ConfirmAsync(RelayEndpoint relay, IReadOnlyList<byte[]> blobIds, CancellationToken cancellationToken) =>
        inner.ConfirmAsync(relay, blobIds, cancellationToken);
}
