namespace RethinkDb.Net;

/// <summary>
/// The threads connections run on (see <see cref="ConnectionThread"/>): a thread whose connection closed waits a
/// while for the next connection instead of ending, so opening a connection does not pay for a new thread (about
/// 100 µs, a third of a whole open on loopback) when connections come and go (a health probe per connection,
/// reconnects, a pool growing back).
/// </summary>
internal static class ConnectionThreadPool
{
    /// <summary>How long a thread without a connection waits for one before it ends.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);

    private static readonly Lock s_lock = new();
    private static readonly List<Worker> s_idle = [];

    /// <summary>Runs <paramref name="work"/> on an idle connection thread, or on a new one.</summary>
    public static void Run(Action work)
    {
        Worker? worker = null;
        lock (s_lock)
        {
            if (s_idle.Count > 0)
            {
                worker = s_idle[^1];
                s_idle.RemoveAt(s_idle.Count - 1);
            }
        }
        if (worker is not null)
        {
            worker.Assign(work);
            return;
        }
        worker = new Worker(work);
        var thread = new Thread(worker.Loop)
        {
            IsBackground = true,
            Name = "RethinkDb connection",
        };
        // The thread outlives the caller: it must not keep the caller's AsyncLocals alive.
        using (ExecutionContext.SuppressFlow())
        {
            thread.Start();
        }
    }

    private sealed class Worker(Action first)
    {
        private readonly object _gate = new(); // Monitor.Wait/Pulse need a Monitor lock, not a Lock
        private Action? _work = first;

        public void Assign(Action work)
        {
            lock (_gate)
            {
                _work = work;
                Monitor.Pulse(_gate);
            }
        }

        public void Loop()
        {
            // Started without flow: this is the default context, the one every work item must start from.
            var initial = ExecutionContext.Capture()!;
            while (true)
            {
                Action? work;
                lock (_gate)
                {
                    work = _work;
                    _work = null;
                }
                try
                {
                    work?.Invoke();
                }
#pragma warning disable CA1031 // Work items catch what they throw; this is the last guard (an escaping exception ends the process).
                catch (Exception)
                {
                    return; // Whatever state the thread is in, it is not reused.
                }
#pragma warning restore CA1031
                finally
                {
                    // Not kept reachable while parked: it holds the closed connection. And whatever a caller resumed on
                    // this thread left in its ExecutionContext (a continuation run with flow suppressed) ends here.
                    work = null;
                    ExecutionContext.Restore(initial);
                }
                lock (s_lock)
                {
                    s_idle.Add(this);
                }
                lock (_gate)
                {
                    if (_work is null)
                    {
                        Monitor.Wait(_gate, IdleTimeout);
                    }
                    if (_work is not null)
                    {
                        continue;
                    }
                }
                lock (s_lock)
                {
                    if (s_idle.Remove(this))
                    {
                        return; // Idle for the whole timeout and still unclaimed: end.
                    }
                }
                // Claimed by Run between the timeout and the removal: its work is on the way.
                lock (_gate)
                {
                    while (_work is null)
                    {
                        Monitor.Wait(_gate);
                    }
                }
            }
        }
    }
}
