namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>Runs test code where a small response resumes its caller: on the connection's reader thread.</summary>
internal static class OnReaderThread
{
    /// <summary>
    /// Runs queries until one resumes its caller on the reader thread (one answered before its caller awaited
    /// resumes the caller where it is), then runs <paramref name="work"/> there.
    /// </summary>
    /// <remarks>
    /// On a loaded machine the caller is often preempted between sending and awaiting, and many answers in a row
    /// come first: the attempts are bounded by time, not by count.
    /// </remarks>
    /// <returns>Whether it got there (else <paramref name="work"/> did not run), and what <paramref name="work"/> returned.</returns>
    public static Task<(bool Reached, T Result)> RunAsync<T>(Connection connection, Func<Thread, T> work) => Task.Run(async () =>
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (started.Elapsed < TimeSpan.FromSeconds(20))
        {
            await R.Expr(1).RunAsync<int>(connection).ConfigureAwait(false);
            if (IsReaderThread())
            {
                return (true, work(Thread.CurrentThread));
            }
        }
        return (false, default(T)!);
    });

    public static bool IsReaderThread() =>
        Thread.CurrentThread.Name is { } name && name.StartsWith("RethinkDb ", StringComparison.Ordinal) && !Thread.CurrentThread.IsThreadPoolThread;
}
