using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RethinkDb.Benchmarks.Floor;
using RethinkDb.Benchmarks.Harness;
using RethinkDb.Extensions.Hosting;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// Scenario 7 (health): the latency of the RethinkDB health check as a host runs it (HealthCheckService, as behind
/// a /health endpoint), on a pooled connection and with a new connection per probe, vs the floor: a raw
/// SERVER_INFO round trip on an open socket. The pooled probe must add no handshake: the pool's connection
/// count stays the same over the probes.
/// </summary>
internal static class Health
{
    public static async Task RunAsync(Target target, Settings settings)
    {
        Heading("Health check probe (HealthCheckService.CheckHealthAsync, one probe at a time) vs a raw SERVER_INFO round trip");
        using var floor = FloorClient.Connect(target.Host, target.Port, target.Password);
        await using var pooled = Build(target, newConnectionPerProbe: false);
        await using var fresh = Build(target, newConnectionPerProbe: true);
        var pool = pooled.GetRequiredService<RethinkDbDataSource>();
        var n = Math.Max(100, settings.SequentialQueries / 10);
        await ProbeAsync(pooled, 1); // opens the pool's connection
        var openBefore = pool.OpenConnections;

        var rows = new List<string[]>();
        foreach (var (name, services, count) in new[] { ("pooled connection", pooled, n), ("new connection per probe", fresh, Math.Max(20, n / 5)) })
        {
            var comparison = await Comparison.RunAsync($"health {name}", settings.Rounds,
                floor: () => Task.FromResult(RunFloor(floor, count, settings.RunCap)),
                driver: () => ProbeAsync(services, count),
                warmup: async () =>
                {
                    RunFloor(floor, 20, settings.RunCap);
                    await ProbeAsync(services, 20);
                });
            rows.Add(
            [
                name, F(comparison.FloorMedian(r => r.MeanMicros)), F(comparison.DriverMedian(r => r.MeanMicros)),
                F(comparison.DriverMedian(r => r.P50Micros)), F(comparison.DriverMedian(r => r.P99Micros)),
                F(comparison.MedianRatio(r => r.MeanMicros), "N2") + "×", F(comparison.DriverMedian(r => r.CpuMicrosPerOp)),
                F(comparison.DriverMedian(r => r.BytesPerOp), "N0"),
            ]);
        }
        var openAfter = pool.OpenConnections;
        Table(["probe", "floor mean µs (SERVER_INFO)", "probe mean µs", "probe p50 µs", "probe p99 µs", "probe ÷ floor", "probe CPU µs", "probe B"], rows);
        Console.WriteLine();
        Console.WriteLine($"Pooled probes: the pool had {openBefore} open connection(s) before and {openAfter} after " +
                          $"{settings.Rounds * n + 20} probes: no handshake (and so no PBKDF2) per probe.");
        Summary.Add("Health probe on a pooled connection adds no handshake", $"{openBefore} → {openAfter} pooled connections", openBefore == openAfter);
    }

    private static ServiceProvider Build(Target target, bool newConnectionPerProbe)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRethinkDb(options =>
        {
            options.Connection = target.DataSourceOptions(1);
            options.HealthCheck.NewConnectionPerProbe = newConnectionPerProbe;
        });
        services.AddHealthChecks().AddRethinkDb(timeout: TimeSpan.FromSeconds(5));
        return services.BuildServiceProvider();
    }

    private static async Task<RunResult> ProbeAsync(IServiceProvider services, int count)
    {
        var health = services.GetRequiredService<HealthCheckService>();
        var latencies = new long[count];
        var probe = Probe.Start();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var report = await health.CheckHealthAsync();
            latencies[i] = Stopwatch.GetTimestamp() - started;
            if (report.Status != HealthStatus.Healthy)
            {
                throw new InvalidOperationException($"Health check failed: {report.Entries.Values.FirstOrDefault().Description}");
            }
        }
        return probe.Stop(count, latencies);
    }

    private static RunResult RunFloor(FloorClient floor, int count, TimeSpan cap)
    {
        var latencies = new long[count];
        var probe = Probe.Start();
        var done = floor.Run("[5]"u8, 1, count, Stopwatch.GetTimestamp() + (long)(cap.TotalSeconds * Stopwatch.Frequency), latencies);
        return probe.Stop(done, latencies);
    }
}
