namespace RethinkDb.Core.Tests.Results;

/// <summary>Waits for a condition that becomes true asynchronously (a STOP reaching the server).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string? because = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because ?? "The condition did not become true within 10 s.");
            }
            await Task.Delay(10);
        }
    }
}
