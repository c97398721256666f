namespace Pvtcoms.Hygiene.Tests;

/// <summary>The scanner itself: it must catch what it is for, or the repository scan proves nothing.</summary>
public sealed class SecretOutputScannerTests
{
    [Theory]
    [InlineData("throw new InvalidOperationException($\"bad seed {seed}\");", "seed")]
    [InlineData("throw new ArgumentException(\"token \" + Convert.ToHexString(token));", "token")]
    [InlineData("_log.Warning(\"fetch failed for {0}\", mailboxToken);", "mailboxToken")]
    [InlineData("logger.LogInformation(\"got {Text}\", message.Text);", "Text")]
    [InlineData("Console.Error.WriteLine($\"wrong passphrase {passphrase}\");", "passphrase")]
    [InlineData("Log.Error(ex, \"store failed: {0}\", Convert.ToBase64String(_deviceKey));", "_deviceKey")]
    [InlineData("throw new StoreException($\"row {sealedBlob} bad\");", "sealedBlob")]
    [InlineData("Console.WriteLine(contact.DisplayName);", "DisplayName")]
    public void A_secret_reaching_a_log_or_exception_is_found(string statement, string expectedName)
    {
        var findings = SecretOutputScanner.Scan("sample.cs", Wrap(statement));

        Assert.Contains(findings, f => f.Name == expectedName);
    }

    [Theory]
    [InlineData("throw new ArgumentException($\"Expected {SeedSize} bytes.\", nameof(seed));")]
    [InlineData("throw new ArgumentException($\"Token must be {RelayLimits.TokenSize} bytes.\", nameof(token));")]
    [InlineData("_log.Info(\"fetched {0} blobs\", blobs.Count);")]
    [InlineData("_log.Info($\"blob of {blob.Length} bytes\");")]
    [InlineData("throw new InvalidOperationException($\"No value: {Error}.\");")]
    [InlineData("_log.Warning(\"storage failed: {0}\", ex.GetType().Name);")]
    [InlineData("// output-hygiene: the CLI shows the user their own inbox\nConsole.WriteLine(message.Text);")]
    [InlineData("writer.Write(token);")]
    [InlineData("throw new ArgumentException($\"at most {RelayLimits.MaxBlobsPerFetch} blobs\", nameof(blobs));")]
    [InlineData("RatchetHeader.Write(state.RatchetPublicKey, header);")]
    public void Sizes_counts_names_and_reasoned_exceptions_are_not_findings(string statement)
    {
        var findings = SecretOutputScanner.Scan("sample.cs", Wrap(statement));

        Assert.Empty(findings);
    }

    [Fact]
    public void A_suppression_without_a_reason_does_not_count()
    {
        var findings = SecretOutputScanner.Scan("sample.cs", Wrap("// output-hygiene:\nConsole.WriteLine(message.Text);"));

        Assert.Single(findings);
    }

    [Theory]
    [InlineData("_deviceKey", new[] { "device", "key" })]
    [InlineData("s_tokenCache", new[] { "token", "cache" })]
    [InlineData("MaxPrekeyBundleLength", new[] { "max", "prekey", "bundle", "length" })]
    [InlineData("HTTPBody", new[] { "http", "body" })]
    public void Names_split_into_words(string identifier, string[] words) =>
        Assert.Equal(words, SecretOutputScanner.Words(identifier));

    private static string Wrap(string statement) => "class C\n{\n    void M()\n    {\n" + statement + "\n    }\n}\n";
}
