namespace RethinkDb.Net;

/// <summary>
/// Watches the reader threads of every open connection: one whose caller has held it (a continuation still
/// running) for a whole tick gets its reading taken over by a new thread, so callers that block (a synchronous
/// wait on another query, long CPU work) delay the other queries of their connection by one to two ticks at
/// most, and never deadlock them.
/// </summary>
/// <remarks>
/// A thread of its own, not a timer: timer callbacks run on the thread pool, which callers blocking on query results
/// may have starved, and then nothing would free the reader they hold. It runs while at least one connection is
/// open, waking every <see cref="Period"/> to read two fields per connection.
/// </remarks>
internal static class DispatchWatchdog
{
    /// <summary>How often the readers are checked; a caller holding a reader for one to two periods loses it.</summary>
    /// <remarks>Long enough that a reader merely preempted by the OS on a busy machine is rarely taken for stuck.</remarks>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    private static readonly Lock s_lock = new();
    private static readonly List<ReaderHandOver> s_watched = [];
    private static ReaderHandOver[] s_snapshot = [];
    private static bool s_running;
    private static long s_takeOvers;

    /// <summary>How many times a reader was taken over in this process (for tests and diagnostics).</summary>
    public static long TakeOvers => Interlocked.Read(ref s_takeOvers);

    public static void Watch(ReaderHandOver handOver)
    {
        lock (s_lock)
        {
            s_watched.Add(handOver);
            s_snapshot = [.. s_watched];
            if (s_running)
            {
                return;
            }
            s_running = true;
        }
        // Not flowing the caller's ExecutionContext (AsyncLocals) into a process-wide thread.
        using (ExecutionContext.SuppressFlow())
        {
            new Thread(Run) { IsBackground = true, Name = "RethinkDb watchdog" }.Start();
        }
    }

    public static void Unwatch(ReaderHandOver handOver)
    {
        lock (s_lock)
        {
            if (s_watched.Remove(handOver))
            {
                s_snapshot = [.. s_watched];
            }
        }
    }

    internal static void CountTakeOver() => Interlocked.Increment(ref s_takeOvers);

    private static void Run()
    {
        while (true)
        {
            Thread.Sleep(Period);
            ReaderHandOver[] watched;
            lock (s_lock)
            {
                if (s_watched.Count == 0)
                {
                    s_running = false; // The next Watch starts a new thread.
                    return;
                }
                watched = s_snapshot;
            }
            foreach (var handOver in watched)
            {
                try
                {
                    handOver.CheckReaderProgress();
                }
#pragma warning disable CA1031 // The watchdog must outlive anything one connection throws (no thread to spare, a failing logger).
                catch (Exception)
                {
                    // The next tick tries again.
                }
#pragma warning restore CA1031
            }
        }
    }
}
