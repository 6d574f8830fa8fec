using RethinkDb.Benchmarks.Harness;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>One scenario of the suite, run as <c>dotnet run -c Release --project benchmarks/RethinkDb.Benchmarks -- NAME</c>.</summary>
/// <param name="Name">The command-line name.</param>
/// <param name="Description">What it measures.</param>
/// <param name="Run">Runs it; null while it is pending.</param>
/// <param name="PendingReason">Why it cannot run yet (null when it can).</param>
internal sealed record Scenario(string Name, string Description, Func<Target, Settings, Task>? Run, string? PendingReason = null);

internal static class ScenarioList
{
    public static readonly Scenario[] All =
    [
        new("sequential", "2. r.expr(1) one at a time on one connection: mean, p50, p99 latency vs the floor", RoundTrips.SequentialAsync),
        new("pipelined", "3. r.expr(1) with 1, 16, 256, 1000 in flight on one connection: queries/s vs the floor", RoundTrips.PipelinedAsync),
        new("pool", "3. the same on a pool of N connections (--connections, default 2), a handle leased per query, and on N plain connections, vs N floor clients", RoundTrips.PoolAsync),
        new("connect", "7. V1_0 (SCRAM-SHA-256) and V0_4 connect + handshake time vs the floor", Connect.RunAsync),
        new("cursor", "5. cursor drain: 100,000 small documents through RunCursorAsync<T>: documents/s, B/document vs the floor", DataScenarios.CursorAsync),
        new("bulk", "6. bulk insert: 100,000 documents in batches of 1,000 (durability soft): documents/s vs the floor", DataScenarios.BulkAsync),
        new("handler", "12. handler work: 16, 64, 256 callers on one connection, each doing 0, 20, 100, 300 µs of CPU work after its answer (--work): default vs ResumeOnReaderThread=false vs a floor doing the work on the pool", HandlerWork.RunAsync),
        new("typed-read", "14. a typed result read (List<SmallDoc> of 50) vs the untyped RunAsync<List<SmallDoc>> of the same query: B/query, CPU", TypedRead.RunAsync),
        new("testserver", "the in-memory test server itself: point reads, single inserts, a 10,000-document filter/map scan (always in process)", TestServerRates.RunAsync),
        new("health", "7. health check probe latency on a pooled connection (no handshake per probe) vs a raw SERVER_INFO round trip", Health.RunAsync),
    ];
}
