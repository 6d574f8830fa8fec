using System.Diagnostics;
using RethinkDb.Benchmarks.Harness;
using RethinkDb.Testing;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// The in-memory test server's own speed, for users' unit tests (issue 17's targets: 10,000 point reads or 1,000
/// inserts per second on one core, a 10,000-document scan with filter/map well under a second). Always runs a
/// <see cref="RethinkDbTestServer"/> in this process, whatever RETHINKDB_HOST says: client and server share the
/// process, so the rates are those a test suite sees.
/// </summary>
internal static class TestServerRates
{
    private const int Documents = 10_000;

    public static async Task RunAsync(Target target, Settings settings)
    {
        _ = target;
        await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions());
        await using var conn = await Connection.OpenAsync(server.CreateConnectionOptions());
        await R.DbCreate("bench").RunAsync(conn);
        await R.Db("bench").TableCreate("docs").RunAsync(conn);
        var table = R.Db("bench").Table("docs");
        foreach (var chunk in Enumerable.Range(0, Documents).Chunk(1000))
        {
            await table.Insert(chunk.Select(i => new { id = i, n = i, name = "doc " + i }).ToArray()).RunWriteAsync(conn);
        }

        Console.WriteLine("### Test server (in process)");
        Console.WriteLine();
        Console.WriteLine("| measure | wall clock (median) | CPU per operation, client and server | allocated per operation | one core's worth (1 s ÷ CPU) | target |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        var roundTrips = await MeasureAsync(settings.Rounds, 5_000, async count =>
        {
            for (var i = 0; i < count; i++)
            {
                await R.Expr(i).RunAsync(conn);
            }
        });
        Print("`r.expr(i)`, one at a time (the round trip alone: driver, sockets, scheduling)", roundTrips, "/s", "");
        var reads = await MeasureAsync(settings.Rounds, 5_000, async count =>
        {
            for (var i = 0; i < count; i++)
            {
                await table.Get(i % Documents).RunAsync(conn);
            }
        });
        Print("point reads (`get`), one at a time", reads, "/s", "≥ 10,000/s");
        var pipelined = await MeasureAsync(settings.Rounds, 20_000, async count =>
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (i, token) => await table.Get(i % Documents).RunAsync(conn, cancellationToken: token)));
        Print("point reads (`get`), 16 in flight", pipelined, "/s", "≥ 10,000/s");
        var next = Documents;
        var inserts = await MeasureAsync(settings.Rounds, 2_000, async count =>
        {
            for (var i = 0; i < count; i++)
            {
                await table.Insert(new { id = next++, n = i, name = "new" }).RunWriteAsync(conn);
            }
        });
        Print("single-document inserts, one at a time", inserts, "/s", "≥ 1,000/s");
        await table.Filter(row => row["id"] >= Documents).Delete().RunWriteAsync(conn);
        var scan = await MeasureAsync(settings.Rounds, 1, async _ =>
        {
            var values = await table.Filter(row => row["n"] % 2 == 0).Map(row => row["n"] * 2).RunAsync<List<long>>(conn);
            if (values.Count != Documents / 2)
            {
                throw new InvalidOperationException($"The scan found {values.Count} documents.");
            }
        });
        Print($"{Documents:N0}-document scan, `filter` + `map`, all rows read", scan, " ms", "well under 1,000 ms", perOperation: true);
        Console.WriteLine();
        await R.DbDrop("bench").RunAsync(conn);
    }

    private readonly record struct Figures(double PerSecond, double WallMs, double CpuMicros, double Bytes);

    /// <summary>
    /// Runs <paramref name="count"/> operations per round; medians of the wall-clock rate, the process CPU time and the
    /// bytes allocated per operation. On a shared machine the CPU time is the steadier figure: 1 s divided by it is
    /// the rate one core would give.
    /// </summary>
    private static async Task<Figures> MeasureAsync(int rounds, int count, Func<int, Task> run)
    {
        await run(count); // warm-up: JIT, tiering, index caches
        var figures = new List<Figures>();
        var process = Process.GetCurrentProcess();
        for (var i = 0; i < rounds; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var bytes = GC.GetTotalAllocatedBytes(precise: false);
            var watch = Stopwatch.StartNew();
            await run(count);
            var wall = watch.Elapsed;
            process.Refresh();
            figures.Add(new Figures(count / wall.TotalSeconds, wall.TotalMilliseconds / count,
                (process.TotalProcessorTime - cpu).TotalMicroseconds / count, (double)(GC.GetTotalAllocatedBytes(precise: false) - bytes) / count));
        }
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }
        return new Figures(Median(figures.Select(f => f.PerSecond)), Median(figures.Select(f => f.WallMs)),
            Median(figures.Select(f => f.CpuMicros)), Median(figures.Select(f => f.Bytes)));
    }

    private static void Print(string what, Figures f, string unit, string target, bool perOperation = false)
    {
        var wall = perOperation ? $"{f.WallMs:N0}{unit}" : $"{f.PerSecond:N0}{unit}";
        var core = perOperation ? $"{f.CpuMicros / 1000:N0} ms of CPU" : $"{1e6 / f.CpuMicros:N0}{unit}";
        Console.WriteLine($"| {what} | {wall} | {f.CpuMicros:N0} µs | {f.Bytes:N0} B | {core} | {target} |");
    }
}
