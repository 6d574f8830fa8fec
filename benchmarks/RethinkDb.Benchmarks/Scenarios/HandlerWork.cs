using System.Diagnostics;
using System.Globalization;
using RethinkDb.Benchmarks.Floor;
using RethinkDb.Benchmarks.Harness;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// "Handler work": callers that do CPU work after their answer (a stand-in for a request handler mapping the
/// document and writing its response), W in flight on one connection, then on a data source of four connections. The driver's default (which resumes callers
/// inline on the reader while their continuations are short, and hands them to the thread pool when they are not)
/// against the driver with <see cref="ConnectionOptions.ResumeOnReaderThread"/> = false (a hand-off per response)
/// and against a floor that hands every response to the pool (<see cref="HandlerFloor"/>).
/// </summary>
internal static class HandlerWork
{
    private static readonly byte[] Body = Queries.Body(Queries.One);

    /// <summary>Connections of the data-source variant (the hosting package's default MaxConnections).</summary>
    private const int DataSourceConnections = 4;

    public static async Task RunAsync(Target target, Settings settings)
    {
        Heading("Handler work: N callers on one connection, each spinning the CPU for W µs after its answer");
        if (settings.Control)
        {
            Console.WriteLine("A/A control (--control): the \"default\" side runs with ResumeOnReaderThread = false too, on connections of its own.");
            Console.WriteLine();
        }
        var adaptiveOptions = target.Options();
        adaptiveOptions.ResumeOnReaderThread = !settings.Control;
        await using (var adaptive = await Connection.OpenAsync(adaptiveOptions))
        {
            var handOffOptions = target.Options();
            handOffOptions.ResumeOnReaderThread = false;
            await using var handOff = await Connection.OpenAsync(handOffOptions);
            using var floorClient = FloorClient.Connect(target.Host, target.Port, target.Password);
            await RunVariantAsync(settings, "one connection",
                Runner(adaptive), Runner(handOff), [new HandlerFloor(floorClient)]);
        }

        Heading($"Handler work: N callers on a data source of {DataSourceConnections} connections (queries run on the data source, no lease), each spinning W µs after its answer");
        var adaptiveDataSourceOptions = target.DataSourceOptions(DataSourceConnections);
        adaptiveDataSourceOptions.ResumeOnReaderThread = !settings.Control;
        await using (var adaptive = RethinkDbDataSource.Create(adaptiveDataSourceOptions))
        {
            await FillAsync(adaptive);
            var handOffOptions = target.DataSourceOptions(DataSourceConnections);
            handOffOptions.ResumeOnReaderThread = false;
            await using var handOff = RethinkDbDataSource.Create(handOffOptions);
            await FillAsync(handOff);
            var floorClients = Enumerable.Range(0, DataSourceConnections).Select(_ => FloorClient.Connect(target.Host, target.Port, target.Password)).ToList();
            try
            {
                await RunVariantAsync(settings, $"data source of {DataSourceConnections}",
                    Runner(adaptive), Runner(handOff), [.. floorClients.Select(c => new HandlerFloor(c))]);
            }
            finally
            {
                floorClients.ForEach(c => c.Dispose());
            }
            Console.WriteLine($"Connections open at the end: default {adaptive.OpenConnections}, hand-off {handOff.OpenConnections} (of {DataSourceConnections} each).");
        }
    }

    /// <summary>
    /// Keeps queries in flight on a new data source until it has opened all its connections (it grows one at a time
    /// while its connections are busy): the sides then compare data sources of the same size from the first round,
    /// and each one's connections are opened one after another, so the server spreads them over its threads evenly.
    /// </summary>
    private static async Task FillAsync(RethinkDbDataSource dataSource)
    {
        var deadline = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (dataSource.OpenConnections < dataSource.MaxConnections)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException(
                    $"The data source opened {dataSource.OpenConnections} of its {dataSource.MaxConnections} connections in 10 s.");
            }
            await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Queries.One.RunAsync<int>(dataSource, null, CancellationToken.None)));
        }
    }

    internal static Func<CancellationToken, Task<int>> Runner(Connection conn) => ct => Queries.One.RunAsync<int>(conn, null, ct);

    private static Func<CancellationToken, Task<int>> Runner(RethinkDbDataSource dataSource) => ct => Queries.One.RunAsync<int>(dataSource, null, ct);

    private static async Task RunVariantAsync(Settings settings, string variant, Func<CancellationToken, Task<int>> adaptive,
        Func<CancellationToken, Task<int>> handOff, HandlerFloor[] floors)
    {
        var inFlights = settings.InFlightGiven ? settings.InFlight : [16, 64, 256];
        var rows = new List<string[]>();
        foreach (var inFlight in inFlights)
        {
            foreach (var work in settings.WorkMicros)
            {
                // Fewer queries the longer each takes: every run lasts about as long.
                var n = Math.Max(inFlight * 4, settings.PipelinedQueries / (1 + (work / 20)));
                var ticks = WorkTicks(work);
                var deadline = () => Deadline(settings);
                // Floor = the floor with the same work on the pool; driver = the default; "async floor" slot = the hand-off.
                var dispatch = DispatchCounters.Read();
                var c = await Comparison.RunAsync($"handler {variant} {inFlight}/{work}", settings.Rounds,
                    floor: () => RunFloorsAsync(floors, inFlight, n, deadline(), ticks),
                    driver: () => RunDriverAsync(adaptive, inFlight, n, deadline(), ticks),
                    warmup: async () =>
                    {
                        await RunFloorsAsync(floors, inFlight, Math.Min(n, 2000), deadline(), ticks);
                        await RunDriverAsync(adaptive, inFlight, Math.Min(n, 2000), deadline(), ticks);
                        await RunDriverAsync(handOff, inFlight, Math.Min(n, 2000), deadline(), ticks);
                    },
                    asyncFloor: () => RunDriverAsync(handOff, inFlight, n, deadline(), ticks));
                var best = Math.Min(c.MedianRatio(r => r.PerSecond), c.MedianRatioToAsyncFloor(r => r.PerSecond));
                rows.Add(
                [
                    inFlight.ToString(CultureInfo.InvariantCulture), work.ToString(CultureInfo.InvariantCulture),
                    F(c.DriverMedian(r => r.PerSecond), "N0"), F(c.AsyncFloorMedian(r => r.PerSecond), "N0"), F(c.FloorMedian(r => r.PerSecond), "N0"),
                    F(c.MedianRatioToAsyncFloor(r => r.PerSecond), "P0"), F(c.MedianRatio(r => r.PerSecond), "P0"),
                    F(c.DriverMedian(r => r.CpuMicrosPerOp), "N1"), F(c.AsyncFloorMedian(r => r.CpuMicrosPerOp), "N1"), F(c.FloorMedian(r => r.CpuMicrosPerOp), "N1"),
                    // Only the default's connections can switch (the override never resumes inline); warm-up included.
                    DispatchCounters.Read().Since(dispatch).HandOffs.ToString(CultureInfo.InvariantCulture),
                ]);
                Summary.Add($"Handler work {work} µs, {inFlight} in flight, {variant}: default ≥ 95% of the better of hand-off and floor",
                    $"{F(best, "P0")} of the better", best >= 0.95);
            }
        }
        Table(["in flight", "work µs", "default q/s", "hand-off q/s", "floor q/s", "default ÷ hand-off", "default ÷ floor",
            "default CPU µs/q", "hand-off CPU µs/q", "floor CPU µs/q", "default switches to the pool"], rows);
        Console.WriteLine();
        Console.WriteLine($"{settings.Rounds} rounds per point, the three sides rotated round by round; medians over rounds; ratios are medians of per-round ratios. " +
                          $"CPU per query includes the work itself (W µs). The floor: {floors.Length} raw socket(s), the callers split evenly over them.");
    }

    /// <summary>The floor on every socket at once, the callers and queries split evenly, each reader on its own thread.</summary>
    internal static async Task<RunResult> RunFloorsAsync(HandlerFloor[] floors, int inFlight, int total, long deadline, long workTicks)
    {
        var probe = Probe.Start();
        var runs = floors.Select((floor, i) => Task.Factory.StartNew(
            () => floor.Run(Body, Share(inFlight, floors.Length, i), Share(total, floors.Length, i), deadline, workTicks),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var done = (await Task.WhenAll(runs)).Sum();
        return probe.Stop(done);
    }

    /// <summary>W µs of work after each answer, in <see cref="Stopwatch"/> ticks (what the callers spin).</summary>
    internal static long WorkTicks(int micros) => micros * Stopwatch.Frequency / 1_000_000;

    /// <summary>When a run starting now stops issuing queries (the run cap, in <see cref="Stopwatch"/> ticks).</summary>
    internal static long Deadline(Settings settings) => Stopwatch.GetTimestamp() + (long)(settings.RunCap.TotalSeconds * Stopwatch.Frequency);

    private static int Share(int total, int parts, int index) => Math.Max(1, (total / parts) + (index < total % parts ? 1 : 0));

    internal static async Task<RunResult> RunDriverAsync(Func<CancellationToken, Task<int>> run, int inFlight, int total, long deadline, long workTicks)
    {
        long taken = 0, completed = 0;
        var workers = new Task[inFlight];
        var probe = Probe.Start();
        for (var i = 0; i < inFlight; i++)
        {
            workers[i] = WorkerAsync();
        }
        await Task.WhenAll(workers);
        return probe.Stop(completed);

        async Task WorkerAsync()
        {
            await Task.Yield(); // start on the pool, as a request handler does
            while (Interlocked.Increment(ref taken) <= total && Stopwatch.GetTimestamp() <= deadline)
            {
                if (await run(RoundTrips.CallerToken).ConfigureAwait(false) != 1)
                {
                    throw new InvalidOperationException("r.expr(1) did not return 1");
                }
                HandlerFloor.Spin(workTicks);
                Interlocked.Increment(ref completed);
            }
        }
    }
}
