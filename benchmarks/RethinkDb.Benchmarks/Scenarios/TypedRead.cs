using RethinkDb.Benchmarks.Harness;
using RethinkDb.Benchmarks.Micro;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// Issue 14's read target: a typed result read (<c>R.Table&lt;SmallDoc&gt;(…).Limit(50).RunAsync(conn)</c>, giving
/// <c>List&lt;SmallDoc&gt;</c>) allocates no more than the untyped <c>RunAsync&lt;List&lt;SmallDoc&gt;&gt;</c> of the same
/// query. Both queries are built once, so only reading the result is compared; one at a time on one connection. Uses
/// the database <c>rethinkdb_dotnet_bench_typed</c> (created if missing, dropped at the end).
/// </summary>
internal static class TypedRead
{
    private const string Database = "rethinkdb_dotnet_bench_typed";
    private const int Documents = 50;
    private const int Reads = 2_000;

    public static async Task RunAsync(Target target, Settings settings)
    {
        Heading($"Typed result read: {Documents} small documents per query, {Reads:N0} queries one at a time, typed vs untyped RunAsync");
        await using var conn = await target.ConnectAsync();
        if (!(await R.DbList().RunAsync<List<string>>(conn)).Contains(Database))
        {
            await R.DbCreate(Database).RunAsync(conn);
        }
        await R.Db(Database).TableCreate("docs").RunAsync(conn);
        try
        {
            var documents = Enumerable.Range(0, Documents).Select(i => new SmallDoc { Id = $"doc-{i:D3}", Name = $"user {i}", Age = 20 + i, Score = i * 1.5, Active = i % 2 == 0 }).ToArray();
            (await R.Db(Database).Table("docs").Insert(documents).RunWriteAsync(conn)).EnsureSuccess();
            var untyped = R.Db(Database).Table("docs").OrderBy("id").Limit(Documents);
            var typed = R.Db(Database).Table<SmallDoc>("docs").OrderBy(d => d.Id).Limit(Documents);

            var comparison = await Comparison.RunAsync("typed read", settings.Rounds,
                floor: () => ReadAsync(() => untyped.RunAsync<List<SmallDoc>>(conn)),
                driver: () => ReadAsync(() => typed.RunAsync(conn)),
                warmup: async () =>
                {
                    await ReadAsync(() => untyped.RunAsync<List<SmallDoc>>(conn));
                    await ReadAsync(() => typed.RunAsync(conn));
                });
            Table(["", "queries/s", "CPU µs/query", "alloc B/query"],
            [
                ["untyped RunAsync<List<SmallDoc>>", F(comparison.FloorMedian(r => r.PerSecond), "N0"), F(comparison.FloorMedian(r => r.CpuMicrosPerOp), "N1"), F(comparison.FloorMedian(r => r.BytesPerOp), "N0")],
                ["typed RunAsync", F(comparison.DriverMedian(r => r.PerSecond), "N0"), F(comparison.DriverMedian(r => r.CpuMicrosPerOp), "N1"), F(comparison.DriverMedian(r => r.BytesPerOp), "N0")],
                ["typed ÷ untyped", F(comparison.MedianRatio(r => r.PerSecond), "P1"), F(comparison.MedianRatio(r => r.CpuMicrosPerOp), "P1"), F(comparison.MedianRatio(r => r.BytesPerOp), "P1")],
            ]);
            var bytes = comparison.MedianRatio(r => r.BytesPerOp);
            // Allocation counts are noisy by a few bytes a query (timers, the reader's buffers): 1 % of slack.
            Summary.Add("A typed result read allocates no more than the untyped RunAsync<T>", $"{F(bytes, "P1")} of the untyped bytes", bytes <= 1.01);
        }
        finally
        {
            await R.DbDrop(Database).RunAsync(conn);
        }
    }

    private static async Task<RunResult> ReadAsync(Func<Task<List<SmallDoc>>> read)
    {
        var probe = Probe.Start();
        for (var i = 0; i < Reads; i++)
        {
            if ((await read().ConfigureAwait(false)).Count != Documents)
            {
                throw new InvalidOperationException($"A read did not return {Documents} documents.");
            }
        }
        return probe.Stop(Reads);
    }
}
