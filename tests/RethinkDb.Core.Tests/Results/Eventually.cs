namespace RethinkDb.Core.Tests.Results;

/// <summary>Waits for a condition that becomes true asynchronously (a STOP reaching the server).</summary>
internal static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string? because = null) =>
        TrueAsync(() => Task.FromResult(condition()), because);

    /// <summary>The same, for a condition that has to ask the server (a user's query once a grant has reached it).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string? because = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(because ?? "The condition did not become true within 10 s.");
            }
            await Task.Delay(10);
        }
    }
}
