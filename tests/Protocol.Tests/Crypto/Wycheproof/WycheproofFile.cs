using System.Text.Json;
using Pvtcoms.Protocol.Tests.Support;

namespace Pvtcoms.Protocol.Tests.Crypto.Wycheproof;

/// <summary>One Wycheproof test case with the group it belongs to (groups carry sizes and keys).</summary>
internal sealed class WycheproofCase
{
    public WycheproofCase(JsonElement group, JsonElement test)
    {
        Group = group;
        Test = test;
        TcId = test.GetProperty("tcId").GetInt32();
        Result = test.GetProperty("result").GetString() ?? throw new InvalidDataException("result missing");
        Flags = test.TryGetProperty("flags", out var flags)
            ? flags.EnumerateArray().Select(f => f.GetString() ?? string.Empty).ToArray()
            : [];
    }

    public JsonElement Group { get; }

    public JsonElement Test { get; }

    public int TcId { get; }

    /// <summary>"valid", "invalid" or "acceptable".</summary>
    public string Result { get; }

    public IReadOnlyList<string> Flags { get; }

    public bool IsValid => Result == "valid";

    public bool IsInvalid => Result == "invalid";

    public bool HasFlag(string flag) => Flags.Contains(flag);

    public byte[] Bytes(string name) => Hex.Decode(Test.GetProperty(name).GetString());

    public int GroupInt(string name) => Group.GetProperty(name).GetInt32();
}

/// <summary>
/// A whole Wycheproof file. <see cref="CheckAll"/> runs a check over every case and asserts both that no
/// case failed and that the number of cases checked equals the file's <c>numberOfTests</c> and the count
/// we expect from tests/vectors/README.md — so a test can never pass by checking nothing.
/// </summary>
internal sealed class WycheproofFile
{
    private WycheproofFile(int numberOfTests, IReadOnlyList<WycheproofCase> cases)
    {
        NumberOfTests = numberOfTests;
        Cases = cases;
    }

    public int NumberOfTests { get; }

    public IReadOnlyList<WycheproofCase> Cases { get; }

    public static WycheproofFile Load(string name)
    {
        using var document = TestVectors.Load("wycheproof/" + name);
        var root = document.RootElement.Clone();
        var cases = new List<WycheproofCase>();
        foreach (var group in root.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                cases.Add(new WycheproofCase(group, test));
            }
        }

        return new WycheproofFile(root.GetProperty("numberOfTests").GetInt32(), cases);
    }

    /// <param name="expectedCount">How many cases the file holds (tests/vectors/README.md).</param>
    /// <param name="check">Returns null when the case behaved as required, otherwise what went wrong.</param>
    public void CheckAll(int expectedCount, Func<WycheproofCase, string?> check)
    {
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var testCase in Cases)
        {
            checkedCount++;
            string? failure;
            try
            {
                failure = check(testCase);
            }
#pragma warning disable CA1031 // an unexpected exception is one more failed case, reported with the others
            catch (Exception e)
#pragma warning restore CA1031
            {
                failure = "threw " + e.GetType().Name + ": " + e.Message;
            }

            if (failure is not null)
            {
                failures.Add($"tcId {testCase.TcId} ({testCase.Result}, {string.Join(",", testCase.Flags)}): {failure}");
            }
        }

        Assert.Empty(failures);
        Assert.Equal(NumberOfTests, checkedCount);
        Assert.Equal(expectedCount, checkedCount);
    }
}
