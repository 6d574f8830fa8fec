using System.Diagnostics;
using RethinkDb.Protocol;
using System.Security.Cryptography;
using RethinkDb.Benchmarks.Floor;
using RethinkDb.Benchmarks.Harness;
using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Scenarios;

/// <summary>
/// Scenario 7 (connect): the time to open a connection (TCP + handshake) with V1_0 (SCRAM-SHA-256) and V0_4,
/// driver vs a floor that does the same exchange with blocking calls and the same SCRAM math.
/// </summary>
internal static class Connect
{
    public static async Task RunAsync(Target target, Settings settings)
    {
        Heading("Connect: TCP + handshake, one connection at a time (closed after each, not timed)");
        var rows = new List<string[]>();
        foreach (var version in new[] { HandshakeVersion.V1_0, HandshakeVersion.V0_4 })
        {
            var n = settings.Connects;
            var comparison = await Comparison.RunAsync($"connect {version}", settings.Rounds,
                floor: () => Task.FromResult(RunFloor(target, version, n)),
                driver: () => RunDriverAsync(target, version, n),
                warmup: async () =>
                {
                    RunFloor(target, version, 10);
                    await RunDriverAsync(target, version, 10);
                });
            rows.Add(
            [
                version.ToString(), F(comparison.FloorMedian(r => r.MeanMicros)), F(comparison.DriverMedian(r => r.MeanMicros)),
                F(comparison.FloorMedian(r => r.P50Micros)), F(comparison.DriverMedian(r => r.P50Micros)),
                F(comparison.DriverMedian(r => r.P99Micros)), F(comparison.MedianRatio(r => r.MeanMicros), "P0"),
                F(comparison.DriverMedian(r => r.CpuMicrosPerOp)), F(comparison.DriverMedian(r => r.BytesPerOp), "N0"),
            ]);
        }
        Table(["handshake", "floor mean µs", "driver mean µs", "floor p50 µs", "driver p50 µs", "driver p99 µs", "driver ÷ floor (mean)",
            "driver CPU µs/connect", "driver B/connect"], rows);

        // What the driver's PBKDF2 cache saves: the salted password is computed once per (password, salt, iterations).
        const int iterations = 4096;
        var salt = RandomNumberGenerator.GetBytes(16);
        var started = Stopwatch.GetTimestamp();
        const int pbkdf2Runs = 20;
        for (var i = 0; i < pbkdf2Runs; i++)
        {
            Rfc2898DeriveBytes.Pbkdf2("benchmark"u8, salt, iterations, HashAlgorithmName.SHA256, 32);
        }
        var pbkdf2 = Stopwatch.GetElapsedTime(started).TotalMicroseconds / pbkdf2Runs;
        Console.WriteLine();
        Console.WriteLine($"PBKDF2-HMAC-SHA256, {iterations} iterations: {F(pbkdf2)} µs. Driver and floor both reuse the driver's " +
                          "salted-password cache, so only the first V1_0 connect of a process (per password and salt) pays it; " +
                          $"{settings.Rounds} rounds × {settings.Connects} connects.");
    }

    private static RunResult RunFloor(Target target, HandshakeVersion version, int count)
    {
        var latencies = new long[count];
        var probe = Probe.Start();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var socket = FloorClient.OpenSocket(target.Host, target.Port);
            if (version == HandshakeVersion.V1_0)
            {
                FloorClient.HandshakeV1_0(socket, "admin", target.Password);
            }
            else
            {
                FloorClient.HandshakeV0_4(socket, target.Password);
            }
            latencies[i] = Stopwatch.GetTimestamp() - started;
        }
        return probe.Stop(count, latencies);
    }

    private static async Task<RunResult> RunDriverAsync(Target target, HandshakeVersion version, int count)
    {
        var latencies = new long[count];
        var options = target.Options(version);
        var probe = Probe.Start();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var conn = await Connection.OpenAsync(options);
            latencies[i] = Stopwatch.GetTimestamp() - started;
            await conn.DisposeAsync();
        }
        return probe.Stop(count, latencies);
    }
}
