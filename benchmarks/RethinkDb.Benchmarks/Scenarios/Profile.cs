using RethinkDb.Benchmarks.Floor;
using RethinkDb.Benchmarks.Harness;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// Not a scenario of the report: runs only the driver (or only the floor, or only the driver with every caller handed
/// to the pool) for a while, with runtime counters per query, so that a profiler (perf, strace -c) can be attached to
/// one side alone. With <c>--work</c>, each caller does the handler scenario's work after its answer, as that
/// scenario's sides do (the floor then resumes its callers on the pool, as the handler floor does).
/// </summary>
internal static class Profile
{
    public static async Task RunAsync(Target target, Settings settings, string side)
    {
        var inFlight = settings.InFlight[0];
        var n = settings.PipelinedQueries;
        int? work = settings.WorkGiven ? settings.WorkMicros[0] : null;
        var workTicks = HandlerWork.WorkTicks(work ?? 0);
        Heading($"Profile: {side} only{(settings.Tls ? " (the driver through TLS)" : "")}, {inFlight} in flight, {settings.Rounds} runs × {n} queries" + (work is { } w ? $", {w} µs of work after each answer" : ""));
        var options = settings.Tls ? target.TlsOptions() : target.Options();
        options.ResumeOnReaderThread = side != "hand-off";
        await using var conn = await Connection.OpenAsync(options);
        using var floor = FloorClient.Connect(target.Host, target.Port, target.Password);
        using var asyncFloor = AsyncFloorClient.Connect(target.Host, target.Port, target.Password);
        HandlerFloor[] handlerFloor = [new HandlerFloor(floor)];
        var rows = new List<string[]>();
        using var sampler = new AllocationSampler();
        IReadOnlyList<(string Type, long Bytes)> sampled = [];
        for (var round = 0; round <= settings.Rounds; round++)
        {
            var workItems = ThreadPool.CompletedWorkItemCount;
            var contentions = Monitor.LockContentionCount;
            var gcs = GC.CollectionCount(0);
            var paused = GC.GetTotalPauseDuration();
            var dispatch = DispatchCounters.Read();
            // Allocations are sampled over the warm-up only: the runtime's event costs CPU (a stack walk per event)
            // that would count in the measured runs' CPU per query.
            if (round == 0)
            {
                sampler.Start();
            }
            else if (round == 1)
            {
                sampled = sampler.Stop();
            }
            var deadline = HandlerWork.Deadline(settings);
            var result = (side, work) switch
            {
                ("floor", null) => RoundTrips.RunFloor([floor], inFlight, n, settings.RunCap, recordLatency: false),
                ("floor", _) => await HandlerWork.RunFloorsAsync(handlerFloor, inFlight, n, deadline, workTicks),
                ("async-floor", _) => await RoundTrips.RunAsyncFloorAsync(asyncFloor, inFlight, n, settings.RunCap, recordLatency: false),
                (_, null) => await RoundTrips.RunDriverAsync([conn], inFlight, n, settings.RunCap, recordLatency: false),
                _ => await HandlerWork.RunDriverAsync(HandlerWork.Runner(conn), inFlight, n, deadline, workTicks),
            };
            if (round == 0)
            {
                continue; // warm-up
            }
            var dispatched = DispatchCounters.Read().Since(dispatch);
            double Per(long value) => (double)value / result.Operations;
            rows.Add(
            [
                round.ToString(System.Globalization.CultureInfo.InvariantCulture), F(result.PerSecond, "N0"), F(result.CpuMicrosPerOp, "N2"), F(result.UserCpuMicrosPerOp, "N2"),
                F(result.BytesPerOp, "N0"), F(Per(ThreadPool.CompletedWorkItemCount - workItems), "N2"),
                F(Per(Monitor.LockContentionCount - contentions), "N3"), (GC.CollectionCount(0) - gcs).ToString(System.Globalization.CultureInfo.InvariantCulture),
                F((GC.GetTotalPauseDuration() - paused).TotalMilliseconds, "N1"),
                ThreadPool.ThreadCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                dispatched.TakeOvers.ToString(System.Globalization.CultureInfo.InvariantCulture),
                dispatched.HandOffs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                F(Per(dispatched.Sends), "N2"), F(result.StealShare, "P0"),
            ]);
        }
        Table(["run", "q/s", "CPU µs/q", "user µs/q", "B/q", "thread-pool items/q", "lock contentions/q", "gen0 GCs", "GC pauses ms", "pool threads", "reader take-overs", "switches to the pool", "driver sends/q", "CPU stolen"], rows);
        var total = Math.Max(1, sampled.Sum(s => s.Bytes));
        Console.WriteLine();
        Console.WriteLine("Allocations by type over the warm-up run (sampled by the runtime's AllocationTick, about one per 100 KB):");
        Console.WriteLine();
        Table(["type", "share"], sampled.Take(12).Select(s => new[] { s.Type, F((double)s.Bytes / total, "P1") }).ToList());
    }
}
