namespace Pvtcoms.Actors.Tests.Support;

/// <summary>Waits for a condition that asynchronous actors make true; fails with a message, never passes on time alone.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, Func<Task>? between = null, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (condition())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            if (between is not null)
            {
                await between();
            }

            await Task.Delay(20);
        }
    }
}
