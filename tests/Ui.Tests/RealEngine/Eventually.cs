namespace Pvtcoms.Ui.Tests.RealEngine;

/// <summary>Waits until a condition over the real engine holds (its nodes poll on their own every few hundred ms).</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"never happened: {what}");
            }

            await Task.Delay(50);
        }
    }
}
