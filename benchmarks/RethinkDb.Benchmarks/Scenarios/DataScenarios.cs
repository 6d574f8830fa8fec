using RethinkDb.Benchmarks.Floor;
using RethinkDb.Benchmarks.Harness;
using RethinkDb.Benchmarks.Micro;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// Scenarios 5 and 6: a cursor draining 100,000 small documents, and inserting 100,000 documents in batches of
/// 1,000, against floors that replay the same frames. They use the database <c>rethinkdb_dotnet_bench</c>
/// (created if missing, dropped at the end).
/// </summary>
internal static class DataScenarios
{
    private const string Database = "rethinkdb_dotnet_bench";
    private const int Documents = 100_000;
    private const int BatchSize = 1_000;

    private static ReqlExpr Table => R.Db(Database).Table("docs");

    /// <summary>Soft durability: the server acknowledges writes before they reach the disk, so the client's share shows.</summary>
    private static readonly RunOptions WriteOptions = new() { Durability = "soft" };

    public static async Task CursorAsync(Target target, Settings settings)
    {
        Heading($"Cursor drain: {Documents:N0} small documents through RunCursorAsync<T>, one cursor at a time");
        await using var conn = await target.ConnectAsync();
        await EnsureTableAsync(conn);
        try
        {
            if (await Table.Count().RunAsync<long>(conn) != Documents)
            {
                await ClearAsync(conn);
                foreach (var batch in Batches())
                {
                    (await Table.Insert(batch).RunWriteAsync(conn, WriteOptions)).EnsureSuccess();
                }
            }
            using var floor = FloorClient.Connect(target.Host, target.Port, target.Password);
            var body = Queries.Body(Table);
            long batches = 0, bytes = 0;
            var comparison = await Comparison.RunAsync("cursor", settings.Rounds,
                floor: () =>
                {
                    var probe = Probe.Start();
                    (batches, bytes) = floor.Drain(body);
                    return Task.FromResult(probe.Stop(Documents));
                },
                driver: () => DrainAsync(conn),
                warmup: async () =>
                {
                    floor.Drain(body);
                    await DrainAsync(conn);
                    await DrainSkippedAsync(conn);
                },
                // The harness's third side (the async floor elsewhere): the driver's cursor with rows skipped, not
                // decoded, to tell the protocol path from System.Text.Json's share of a drain.
                asyncFloor: () => DrainSkippedAsync(conn));
            DocumentTable(comparison, "documents/s");
            Console.WriteLine();
            Console.WriteLine($"The same cursor with every row skipped (Utf8JsonReader.Skip, no object): " +
                              $"{F(comparison.AsyncFloorMedian(r => r.PerSecond), "N0")} documents/s, " +
                              $"{F(comparison.MedianRatioToAsyncFloor(r => r.PerSecond), "P1")} of it for the decoding driver; " +
                              $"{F(comparison.AsyncFloorMedian(r => r.CpuMicrosPerOp), "N2")} µs CPU and " +
                              $"{F(comparison.AsyncFloorMedian(r => r.BytesPerOp), "N0")} B per document.");
            // Client and server share the machine's cores: CPU the client spends on rows is taken from the server.
            // The floor again, with a thread of this process burning as much of a core as the driver spends.
            var driverShare = Math.Clamp(comparison.DriverMedian(r => r.CpuMicrosPerOp) * comparison.DriverMedian(r => r.PerSecond) / 1e6, 0.05, 0.95);
            var loaded = new List<double>();
            using (var hog = new CpuHog(driverShare))
            {
                for (var round = 0; round < settings.Rounds; round++)
                {
                    var probe = Probe.Start();
                    floor.Drain(body);
                    loaded.Add(probe.Stop(Documents).PerSecond);
                }
            }
            loaded.Sort();
            var loadedMedian = loaded[loaded.Count / 2];
            Console.WriteLine($"The floor while a thread of its process burns {F(driverShare, "P0")} of a core (what the driver spends): " +
                              $"{F(loadedMedian, "N0")} documents/s, {F(loadedMedian / comparison.FloorMedian(r => r.PerSecond), "P1")} of the idle floor.");
            Console.WriteLine();
            Console.WriteLine($"The server sent {batches} batches ({bytes / 1024.0 / 1024.0:N1} MiB) per drain; the floor sends CONTINUE " +
                              "as soon as a partial batch has arrived and reads only each batch's type; the driver's cursor sends it when it " +
                              "starts reading a partial batch, so the server prepares one batch ahead while documents are decoded.");
            var ratio = comparison.MedianRatio(r => r.PerSecond);
            Summary.Add("Cursor drain within 10% of the floor", $"{F(ratio, "P0")} of floor", ratio >= 0.90);
            Summary.AddPerDocument("cursor drain (per document)", comparison);
        }
        finally
        {
            await DropAsync(conn);
        }
    }

    public static async Task BulkAsync(Target target, Settings settings)
    {
        Heading($"Bulk insert: {Documents:N0} small documents in batches of {BatchSize:N0}, one batch at a time, durability soft");
        await using var conn = await target.ConnectAsync();
        await EnsureTableAsync(conn);
        try
        {
            using var floor = FloorClient.Connect(target.Host, target.Port, target.Password);
            var batches = Batches().ToArray();
            // The floor replays the driver's own bytes of every batch, serialized once before the runs; the driver
            // serializes every batch from its objects, as an application does.
            var bodies = batches.Select(batch => Queries.Body(Table.Insert(batch), options: WriteOptions)).ToArray();
            var comparison = await Comparison.RunAsync("bulk", settings.Rounds,
                floor: async () =>
                {
                    await ClearAsync(conn);
                    var probe = Probe.Start();
                    var answered = floor.RunEach(bodies);
                    var result = probe.Stop(answered * BatchSize);
                    await ExpectCountAsync(conn);
                    return result;
                },
                driver: async () =>
                {
                    await ClearAsync(conn);
                    var probe = Probe.Start();
                    foreach (var batch in batches)
                    {
                        var written = await Table.Insert(batch).RunWriteAsync(conn, WriteOptions);
                        if (written.Inserted != batch.Length)
                        {
                            throw new InvalidOperationException($"Inserted {written.Inserted} of {batch.Length}: {written.FirstError}");
                        }
                    }
                    var result = probe.Stop(Documents);
                    await ExpectCountAsync(conn);
                    return result;
                },
                warmup: async () =>
                {
                    // JIT and tiering of the serializer paths happen here, not in the first measured run.
                    await ClearAsync(conn);
                    floor.RunEach(bodies[..10]);
                    await ClearAsync(conn);
                    foreach (var batch in batches)
                    {
                        await Table.Insert(batch).RunWriteAsync(conn, WriteOptions);
                    }
                });
            DocumentTable(comparison, "documents/s");
            var ratio = comparison.MedianRatio(r => r.PerSecond);
            Summary.Add("Bulk insert within 10% of the floor", $"{F(ratio, "P0")} of floor", ratio >= 0.90);
            Summary.AddPerDocument("bulk insert (per document)", comparison);
        }
        finally
        {
            await DropAsync(conn);
        }
    }

    private static void DocumentTable(Comparison c, string unit) =>
        Table(["", unit, "CPU µs/document", "alloc B/document"],
        [
            ["floor", F(c.FloorMedian(r => r.PerSecond), "N0"), F(c.FloorMedian(r => r.CpuMicrosPerOp), "N2"), F(c.FloorMedian(r => r.BytesPerOp), "N0")],
            ["driver", F(c.DriverMedian(r => r.PerSecond), "N0"), F(c.DriverMedian(r => r.CpuMicrosPerOp), "N2"), F(c.DriverMedian(r => r.BytesPerOp), "N0")],
            ["driver ÷ floor", F(c.MedianRatio(r => r.PerSecond), "P1"), F(c.MedianRatio(r => r.CpuMicrosPerOp), "N2") + "×", ""],
        ]);

    private static async Task<RunResult> DrainAsync(Connection conn)
    {
        var probe = Probe.Start();
        long count = 0;
        await using (var cursor = await Table.RunCursorAsync<SmallDoc>(conn))
        {
            await foreach (var doc in cursor)
            {
                count += doc.Age > 0 ? 1 : 0;
            }
        }
        var result = probe.Stop(count);
        return count == Documents ? result : throw new InvalidOperationException($"The cursor read {count} documents, not {Documents}.");
    }

    private static async Task<RunResult> DrainSkippedAsync(Connection conn)
    {
        var probe = Probe.Start();
        long count = 0;
        await using (var cursor = await Table.RunCursorAsync<SkippedRow>(conn))
        {
            await foreach (var row in cursor)
            {
                count += row is null ? 0 : 1;
            }
        }
        var result = probe.Stop(count);
        return count == Documents ? result : throw new InvalidOperationException($"The cursor read {count} rows, not {Documents}.");
    }

    /// <summary>Burns a share of one core on a background thread (busy for the share of each millisecond).</summary>
    private sealed class CpuHog : IDisposable
    {
        private volatile bool _stop;
        private readonly Thread _thread;

        public CpuHog(double share)
        {
            _thread = new Thread(() =>
            {
                var busy = TimeSpan.FromMilliseconds(share);
                var idle = TimeSpan.FromMilliseconds(1 - share);
                while (!_stop)
                {
                    var until = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(busy.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
                    while (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                    {
                        // spin
                    }
                    Thread.Sleep(idle);
                }
            })
            { IsBackground = true, Name = "cpu hog" };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }
    }

    /// <summary>A row read by skipping its JSON: what a drain costs without decoding documents.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(SkippedRowConverter))]
    private sealed class SkippedRow
    {
        public static readonly SkippedRow Instance = new();
    }

    private sealed class SkippedRowConverter : System.Text.Json.Serialization.JsonConverter<SkippedRow>
    {
        public override SkippedRow Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
        {
            reader.Skip();
            return SkippedRow.Instance;
        }

        public override void Write(System.Text.Json.Utf8JsonWriter writer, SkippedRow value, System.Text.Json.JsonSerializerOptions options) =>
            throw new NotSupportedException();
    }

    private static IEnumerable<SmallDoc[]> Batches() =>
        Enumerable.Range(0, Documents / BatchSize).Select(b => Enumerable.Range(b * BatchSize, BatchSize).Select(i => new SmallDoc
        {
            Id = $"doc-{i:D6}",
            Name = $"user {i}",
            Age = 20 + (i % 50),
            Score = i * 1.5,
            Active = i % 2 == 0,
        }).ToArray());

    private static async Task EnsureTableAsync(Connection conn)
    {
        if (!(await R.DbList().RunAsync<List<string>>(conn)).Contains(Database))
        {
            await R.DbCreate(Database).RunAsync(conn);
        }
        if (!(await R.Db(Database).TableList().RunAsync<List<string>>(conn)).Contains("docs"))
        {
            await R.Db(Database).TableCreate("docs").RunAsync(conn);
        }
    }

    private static async Task ClearAsync(Connection conn) => await Table.Delete().RunWriteAsync(conn, WriteOptions);

    private static async Task ExpectCountAsync(Connection conn)
    {
        var count = await Table.Count().RunAsync<long>(conn);
        if (count != Documents)
        {
            throw new InvalidOperationException($"The table holds {count} documents, not {Documents}.");
        }
    }

    private static async Task DropAsync(Connection conn)
    {
        if ((await R.DbList().RunAsync<List<string>>(conn)).Contains(Database))
        {
            await R.DbDrop(Database).RunAsync(conn);
        }
    }
}
