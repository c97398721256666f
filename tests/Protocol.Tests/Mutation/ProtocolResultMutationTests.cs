namespace Pvtcoms.Protocol.Tests.Mutation;

/// <summary>
/// The result type every parser of untrusted bytes returns: a failure always carries an error, reading the value of
/// a failure is a caller bug that names the error (never the bytes), and its text says which of the two it is.
/// </summary>
public sealed class ProtocolResultMutationTests
{
    [Fact]
    public void A_failure_without_an_error_is_a_caller_bug()
    {
        var error = Assert.Throws<ArgumentException>(() => ProtocolResult<int>.Fail(ProtocolError.None));

        Assert.Equal("error", error.ParamName);
        Assert.StartsWith("A failure needs an error.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_keeps_its_error_and_has_no_value()
    {
        var result = ProtocolResult<int>.Fail(ProtocolError.Truncated);

        Assert.False(result.IsOk);
        Assert.Equal(ProtocolError.Truncated, result.Error);
        Assert.False(result.TryGetValue(out _));
    }

    [Fact]
    public void Reading_the_value_of_a_failure_throws_and_names_only_the_error()
    {
        ProtocolResult<byte[]> result = ProtocolError.TrailingBytes;

        var error = Assert.Throws<InvalidOperationException>(() => result.Value);

        Assert.Equal("No value: TrailingBytes.", error.Message);
    }

    [Fact]
    public void The_text_of_a_result_says_ok_or_which_error()
    {
        Assert.Equal("Ok", ProtocolResult<int>.Ok(7).ToString());
        Assert.Equal("Error(UnsupportedVersion)", ProtocolResult<int>.Fail(ProtocolError.UnsupportedVersion).ToString());
    }

    [Fact]
    public void The_text_of_a_successful_result_does_not_show_its_value()
    {
        var secret = new byte[] { 0xDE, 0xAD, 0xBE, 0xEF };

        Assert.Equal("Ok", ProtocolResult<byte[]>.Ok(secret).ToString());
    }
}
