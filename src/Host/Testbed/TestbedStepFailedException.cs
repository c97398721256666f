namespace Pvtcoms.Host.Testbed;

/// <summary>A testbed step did not happen; the message says which (never a key, token or text).</summary>
public sealed class TestbedStepFailedException : Exception
{
    public TestbedStepFailedException()
    {
    }

    public TestbedStepFailedException(string message)
        : base(message)
    {
    }

    public TestbedStepFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
