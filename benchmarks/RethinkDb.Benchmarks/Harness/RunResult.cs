using System.Diagnostics;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>What one run (floor or driver) measured over its window.</summary>
internal sealed record RunResult(long Operations, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, long[]? LatencyTicks)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>Process CPU time (user + system, every thread) over the window, per operation.</summary>
    public double CpuMicrosPerOp => Cpu.TotalMicroseconds / Operations;

    /// <summary>Bytes allocated on the managed heap (every thread) over the window, per operation.</summary>
    public double BytesPerOp => (double)AllocatedBytes / Operations;

    public double MeanMicros => Latencies().Average();

    public double P50Micros => Percentile(0.50);

    public double P99Micros => Percentile(0.99);

    private double Percentile(double p)
    {
        var sorted = Latencies().Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private IEnumerable<double> Latencies() =>
        (LatencyTicks ?? throw new InvalidOperationException("No latencies recorded"))
        .Take((int)Operations)
        .Select(t => t * 1_000_000.0 / Stopwatch.Frequency);
}

/// <summary>Measures CPU time, allocations and wall time around a run.</summary>
internal readonly struct Probe
{
    private readonly long _started;
    private readonly TimeSpan _cpu;
    private readonly long _allocated;

    private Probe(long started, TimeSpan cpu, long allocated)
    {
        _started = started;
        _cpu = cpu;
        _allocated = allocated;
    }

    public static Probe Start()
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage.TotalTime;
        return new Probe(Stopwatch.GetTimestamp(), cpu, allocated);
    }

    public RunResult Stop(long operations, long[]? latencies = null)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var cpu = Environment.CpuUsage.TotalTime - _cpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        return new RunResult(operations, elapsed, cpu, allocated, latencies);
    }
}

/// <summary>Floor and driver runs of one measurement, alternated round by round (ABBA), reported as medians.</summary>
internal sealed class Comparison(string name)
{
    public string Name { get; } = name;

    public List<RunResult> Floor { get; } = [];

    public List<RunResult> Driver { get; } = [];

    /// <summary>Runs <paramref name="rounds"/> rounds; odd rounds run the floor first, even rounds the driver first.</summary>
    public static async Task<Comparison> RunAsync(string name, int rounds, Func<Task<RunResult>> floor, Func<Task<RunResult>> driver,
        Func<Task>? warmup = null)
    {
        var comparison = new Comparison(name);
        if (warmup is not null)
        {
            await warmup();
        }
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                comparison.Floor.Add(await floor());
                comparison.Driver.Add(await driver());
            }
            else
            {
                comparison.Driver.Add(await driver());
                comparison.Floor.Add(await floor());
            }
        }
        return comparison;
    }

    /// <summary>The median over rounds of driver ÷ floor of <paramref name="metric"/>.</summary>
    public double MedianRatio(Func<RunResult, double> metric) =>
        Median(Floor.Zip(Driver, (f, d) => metric(d) / metric(f)));

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public double FloorMedian(Func<RunResult, double> metric) => Median(Floor.Select(metric));

    public double DriverMedian(Func<RunResult, double> metric) => Median(Driver.Select(metric));
}
