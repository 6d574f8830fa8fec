using System.Diagnostics;
using RethinkDb.Benchmarks.Floor;
using RethinkDb.Benchmarks.Harness;
using RethinkDb.Extensions.Hosting;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// Scenarios 2 and 3: <c>r.expr(1)</c> one at a time (latency), and with many in flight on one connection or on
/// several (throughput); each against the floor client replaying the same frames with the same concurrency.
/// </summary>
internal static class RoundTrips
{
    private static readonly byte[] Body = Queries.Body(Queries.One);

    /// <summary>The token callers pass (see <see cref="Settings.WithCancellation"/>).</summary>
    public static CancellationToken CallerToken { get; set; } = CancellationToken.None;

    public static async Task SequentialAsync(Target target, Settings settings)
    {
        Heading("Sequential round trips: r.expr(1), one at a time, one connection");
        await using var conn = await target.ConnectAsync();
        using var floor = FloorClient.Connect(target.Host, target.Port, target.Password);
        using var asyncFloor = AsyncFloorClient.Connect(target.Host, target.Port, target.Password);
        var n = settings.SequentialQueries;
        var dispatch = DispatchCounters.Read();

        var comparison = await Comparison.RunAsync("sequential", settings.Rounds,
            floor: () => Task.FromResult(RunFloor([floor], 1, n, settings.RunCap, recordLatency: true)),
            driver: () => RunDriverAsync([conn], 1, n, settings.RunCap, recordLatency: true),
            warmup: async () =>
            {
                RunFloor([floor], 1, Math.Min(n, 2000), settings.RunCap, recordLatency: false);
                await RunDriverAsync([conn], 1, Math.Min(n, 2000), settings.RunCap, recordLatency: false);
                await RunAsyncFloorAsync(asyncFloor, 1, Math.Min(n, 2000), settings.RunCap, recordLatency: false);
            },
            asyncFloor: () => RunAsyncFloorAsync(asyncFloor, 1, n, settings.RunCap, recordLatency: true));

        Table(["", "mean µs", "p50 µs", "p99 µs", "queries/s", "CPU µs/query", "alloc B/query"],
        [
            Row("floor (raw socket, blocking)", comparison.FloorMedian),
            Row("async floor (raw async socket)", comparison.AsyncFloorMedian),
            Row("driver", comparison.DriverMedian),
            ["driver ÷ floor", F(comparison.MedianRatio(r => r.MeanMicros), "P0"), F(comparison.MedianRatio(r => r.P50Micros), "P0"),
                F(comparison.MedianRatio(r => r.P99Micros), "P0"), F(comparison.MedianRatio(r => r.PerSecond), "P0"),
                F(comparison.MedianRatio(r => r.CpuMicrosPerOp), "P0"), ""],
            ["driver ÷ async floor", F(comparison.MedianRatioToAsyncFloor(r => r.MeanMicros), "P0"), F(comparison.MedianRatioToAsyncFloor(r => r.P50Micros), "P0"),
                F(comparison.MedianRatioToAsyncFloor(r => r.P99Micros), "P0"), F(comparison.MedianRatioToAsyncFloor(r => r.PerSecond), "P0"),
                F(comparison.MedianRatioToAsyncFloor(r => r.CpuMicrosPerOp), "P0"), ""],
        ]);
        var meanRatio = comparison.MedianRatio(r => r.MeanMicros);
        Console.WriteLine();
        Console.WriteLine($"Target: sequential latency ≤ floor + 10% → mean ratio {F(meanRatio, "P0")}: {Verdict(meanRatio <= 1.10)}. " +
                          $"{settings.Rounds} rounds × {n} queries each; medians over rounds.");
        Console.WriteLine(DispatchCounters.Read().Since(dispatch).Sentence());
        Summary.Add("Sequential mean latency ≤ floor + 10%", $"{F(meanRatio, "P0")} of floor", meanRatio <= 1.10);
        Summary.AddCpu("sequential", comparison, targeted: false);

        static string[] Row(string name, Func<Func<RunResult, double>, double> median) =>
        [
            name, F(median(r => r.MeanMicros)), F(median(r => r.P50Micros)), F(median(r => r.P99Micros)),
            F(median(r => r.PerSecond), "N0"), F(median(r => r.CpuMicrosPerOp), "N2"), F(median(r => r.BytesPerOp), "N0"),
        ];
    }

    public static async Task PipelinedAsync(Target target, Settings settings)
    {
        Heading("Pipelined throughput: r.expr(1), N queries in flight on one connection");
        await using var conn = await target.ConnectAsync();
        using var floor = FloorClient.Connect(target.Host, target.Port, target.Password);
        using var asyncFloor = AsyncFloorClient.Connect(target.Host, target.Port, target.Password);
        var rows = new List<string[]>();
        var dispatch = DispatchCounters.Read();
        foreach (var inFlight in settings.InFlight)
        {
            var n = settings.PipelinedQueries;
            var comparison = await Comparison.RunAsync($"pipelined {inFlight}", settings.Rounds,
                floor: () => Task.FromResult(RunFloor([floor], inFlight, n, settings.RunCap, recordLatency: false)),
                driver: () => RunDriverAsync([conn], inFlight, n, settings.RunCap, recordLatency: false),
                warmup: async () =>
                {
                    RunFloor([floor], inFlight, Math.Min(n, 5000), settings.RunCap, recordLatency: false);
                    await RunDriverAsync([conn], inFlight, Math.Min(n, 5000), settings.RunCap, recordLatency: false);
                    await RunAsyncFloorAsync(asyncFloor, inFlight, Math.Min(n, 5000), settings.RunCap, recordLatency: false);
                },
                asyncFloor: () => RunAsyncFloorAsync(asyncFloor, inFlight, n, settings.RunCap, recordLatency: false));
            var ratio = comparison.MedianRatio(r => r.PerSecond);
            rows.Add(ThroughputRow(inFlight.ToString(System.Globalization.CultureInfo.InvariantCulture), comparison));
            // The issue's targets hold at 16–1,000 in flight; one in flight is the sequential scenario's (latency).
            var targeted = inFlight >= 16;
            if (targeted)
            {
                // One decimal: 97.8 % must not read as a missed 98 %.
                Summary.Add($"Pipelined, {inFlight} in flight, one connection ≥ 98% of floor", $"{F(ratio, "P1")} of floor", ratio >= 0.98);
            }
            Summary.AddCpu($"pipelined {inFlight}", comparison, targeted);
        }
        ThroughputTable("in flight", rows);
        Console.WriteLine();
        Console.WriteLine($"{settings.Rounds} rounds × {settings.PipelinedQueries} queries per run; medians over rounds; ratio = median of per-round driver ÷ floor.");
        Console.WriteLine(DispatchCounters.Read().Since(dispatch).Sentence());
    }

    /// <summary>
    /// The pool scenario: <see cref="RethinkDbDataSource"/> with N connections, each query run on a handle leased
    /// for it (as a request scope would), vs N floor clients on their own threads. Also N plain connections with
    /// the callers spread evenly, to tell the pool's own cost from the cost of several sockets.
    /// </summary>
    public static async Task PoolAsync(Target target, Settings settings)
    {
        var count = settings.Connections;
        Heading($"Throughput on a pool of {count} connections (a handle leased per query) and on {count} plain connections, vs {count} floor clients");
        await using var pool = RethinkDbDataSource.Create(target.DataSourceOptions(count));
        var conns = new Connection[count];
        var floors = new FloorClient[count];
        try
        {
            for (var i = 0; i < count; i++)
            {
                conns[i] = await target.ConnectAsync();
                floors[i] = FloorClient.Connect(target.Host, target.Port, target.Password);
            }
            var rows = new List<string[]>();
            foreach (var inFlight in settings.InFlight.Where(f => f >= count))
            {
                var n = settings.PipelinedQueries;
                var pooled = await Comparison.RunAsync($"pool of {count}, {inFlight}", settings.Rounds,
                    floor: () => Task.FromResult(RunFloor(floors, inFlight, n, settings.RunCap, recordLatency: false)),
                    driver: () => RunPoolAsync(pool, inFlight, n, settings.RunCap),
                    warmup: async () =>
                    {
                        RunFloor(floors, inFlight, Math.Min(n, 5000), settings.RunCap, recordLatency: false);
                        await RunPoolAsync(pool, inFlight, Math.Min(n, 5000), settings.RunCap);
                    });
                var plain = await Comparison.RunAsync($"{count} connections, {inFlight}", settings.Rounds,
                    floor: () => Task.FromResult(RunFloor(floors, inFlight, n, settings.RunCap, recordLatency: false)),
                    driver: () => RunDriverAsync(conns, inFlight, n, settings.RunCap, recordLatency: false),
                    warmup: async () => await RunDriverAsync(conns, inFlight, Math.Min(n, 5000), settings.RunCap, recordLatency: false));
                rows.Add(ThroughputRow($"pool ({pool.OpenConnections} open), {inFlight} in flight", pooled));
                rows.Add(ThroughputRow($"{count} plain connections, {inFlight} in flight", plain));
                var ratio = pooled.MedianRatio(r => r.PerSecond);
                Summary.Add($"Pool of {count}, {inFlight} in flight ≥ 95% of {count} floor clients", $"{F(ratio, "P0")} of floor", ratio >= 0.95);
                Summary.AddCpu($"pool of {count}, {inFlight} in flight", pooled, targeted: false);
                Summary.AddCpu($"{count} plain connections, {inFlight} in flight", plain, targeted: false);
            }
            ThroughputTable("driver side", rows);
        }
        finally
        {
            foreach (var floor in floors)
            {
                floor?.Dispose();
            }
            foreach (var conn in conns)
            {
                if (conn is not null)
                {
                    await conn.DisposeAsync();
                }
            }
        }
    }

    private static async Task<RunResult> RunPoolAsync(RethinkDbDataSource pool, int inFlight, int total, TimeSpan cap)
    {
        var state = new DriverRun(total, Stopwatch.GetTimestamp() + (long)(cap.TotalSeconds * Stopwatch.Frequency), null);
        var workers = new Task[inFlight];
        var probe = Probe.Start();
        for (var i = 0; i < inFlight; i++)
        {
            workers[i] = PooledWorkerAsync(pool, state);
        }
        await Task.WhenAll(workers);
        return probe.Stop(state.Completed);
    }

    private static async Task PooledWorkerAsync(RethinkDbDataSource pool, DriverRun run)
    {
        await Task.Yield();
        while (run.TryTake(out _))
        {
            var conn = await pool.OpenConnectionAsync(CallerToken).ConfigureAwait(false);
            await using (conn.ConfigureAwait(false))
            {
                if (await Queries.One.RunAsync<int>(conn, null, CallerToken).ConfigureAwait(false) != 1)
                {
                    throw new InvalidOperationException("r.expr(1) did not return 1");
                }
            }
            run.Complete();
        }
    }

    private static string[] ThroughputRow(string label, Comparison c) =>
    [
        label, F(c.FloorMedian(r => r.PerSecond), "N0"), F(c.DriverMedian(r => r.PerSecond), "N0"), F(c.MedianRatio(r => r.PerSecond), "P1"),
        F(c.FloorMedian(r => r.CpuMicrosPerOp), "N2"), F(c.DriverMedian(r => r.CpuMicrosPerOp), "N2"),
        F(c.FloorMedian(r => r.BytesPerOp), "N0"), F(c.DriverMedian(r => r.BytesPerOp), "N0"),
        c.AsyncFloor.Count == 0 ? "" : F(c.AsyncFloorMedian(r => r.PerSecond), "N0"),
        c.AsyncFloor.Count == 0 ? "" : F(c.AsyncFloorMedian(r => r.CpuMicrosPerOp), "N2"),
        c.AsyncFloor.Count == 0 ? "" : F(c.MedianRatioToAsyncFloor(r => r.PerSecond), "P1"),
    ];

    private static void ThroughputTable(string first, List<string[]> rows) =>
        Table([first, "floor q/s", "driver q/s", "driver ÷ floor", "floor CPU µs/q", "driver CPU µs/q", "floor B/q", "driver B/q",
            "async floor q/s", "async floor CPU µs/q", "driver ÷ async floor"], rows);

    /// <summary>The async floor (see <see cref="AsyncFloorClient"/>): one client, <paramref name="inFlight"/> frames kept in flight.</summary>
    public static async Task<RunResult> RunAsyncFloorAsync(AsyncFloorClient client, int inFlight, int total, TimeSpan cap, bool recordLatency)
    {
        var latencies = recordLatency ? new long[total] : null;
        var probe = Probe.Start();
        var done = await client.RunAsync(Body, inFlight, total, Stopwatch.GetTimestamp() + (long)(cap.TotalSeconds * Stopwatch.Frequency), latencies);
        return probe.Stop(done, latencies);
    }

    /// <summary>
    /// The floor: one thread per client, <paramref name="inFlight"/> spread evenly over the clients,
    /// <paramref name="total"/> queries in all.
    /// </summary>
    public static RunResult RunFloor(FloorClient[] clients, int inFlight, int total, TimeSpan cap, bool recordLatency)
    {
        var latencies = recordLatency ? new long[total] : null;
        var counts = new long[clients.Length];
        var probe = Probe.Start();
        var deadline = Stopwatch.GetTimestamp() + (long)(cap.TotalSeconds * Stopwatch.Frequency);
        if (clients.Length == 1)
        {
            counts[0] = clients[0].Run(Body, inFlight, total, deadline, latencies);
        }
        else
        {
            var threads = new Thread[clients.Length];
            for (var i = 0; i < clients.Length; i++)
            {
                var index = i;
                var share = Share(total, clients.Length, i);
                var window = Share(inFlight, clients.Length, i);
                threads[i] = new Thread(() => counts[index] = clients[index].Run(Body, window, share, deadline)) { IsBackground = true };
            }
            foreach (var thread in threads)
            {
                thread.Start();
            }
            foreach (var thread in threads)
            {
                thread.Join();
            }
        }
        return probe.Stop(counts.Sum(), latencies);
    }

    private static int Share(int total, int parts, int index) => (total / parts) + (index < total % parts ? 1 : 0);

    /// <summary>
    /// The driver: <paramref name="inFlight"/> callers, each running <c>R.Expr(1).RunAsync&lt;int&gt;(conn)</c> in a loop, spread
    /// evenly over <paramref name="conns"/>, <paramref name="total"/> queries in all.
    /// </summary>
    public static async Task<RunResult> RunDriverAsync(Connection[] conns, int inFlight, int total, TimeSpan cap, bool recordLatency)
    {
        var latencies = recordLatency ? new long[total] : null;
        var state = new DriverRun(total, Stopwatch.GetTimestamp() + (long)(cap.TotalSeconds * Stopwatch.Frequency), latencies);
        var workers = new Task[inFlight];
        var probe = Probe.Start();
        for (var i = 0; i < inFlight; i++)
        {
            workers[i] = WorkerAsync(conns[i % conns.Length], state);
        }
        await Task.WhenAll(workers);
        return probe.Stop(state.Completed, latencies);
    }

    private sealed class DriverRun(long total, long deadline, long[]? latencies)
    {
        private long _taken;
        private long _completed;

        public long[]? Latencies { get; } = latencies;

        public long Completed => Volatile.Read(ref _completed);

        public bool TryTake(out long index)
        {
            index = Interlocked.Increment(ref _taken) - 1;
            return index < total && Stopwatch.GetTimestamp() <= deadline;
        }

        public void Complete() => Interlocked.Increment(ref _completed);
    }

    private static async Task WorkerAsync(Connection conn, DriverRun run)
    {
        // Start from the thread pool like a request handler would, not inline on the caller.
        await Task.Yield();
        while (run.TryTake(out var index))
        {
            var started = Stopwatch.GetTimestamp();
            if (await Queries.One.RunAsync<int>(conn, null, CallerToken).ConfigureAwait(false) != 1)
            {
                throw new InvalidOperationException("r.expr(1) did not return 1");
            }
            if (run.Latencies is { } latencies)
            {
                latencies[index] = Stopwatch.GetTimestamp() - started;
            }
            run.Complete();
        }
    }
}
