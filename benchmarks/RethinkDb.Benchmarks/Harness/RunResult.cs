using System.Diagnostics;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>What one run (floor or driver) measured over its window.</summary>
internal sealed record RunResult(long Operations, TimeSpan Elapsed, TimeSpan Cpu, long AllocatedBytes, long[]? LatencyTicks)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    /// <summary>The share of the machine's CPU time the hypervisor stole during the run (see <see cref="CpuSteal"/>).</summary>
    public double StealShare { get; init; } = double.NaN;

    /// <summary>Process CPU time (user + system, every thread) over the window, per operation.</summary>
    public double CpuMicrosPerOp => Cpu.TotalMicroseconds / Operations;

    /// <summary>The user-mode part of <see cref="Cpu"/> (the process's own code, not the kernel's sends and receives).</summary>
    public TimeSpan UserCpu { get; init; }

    /// <summary><see cref="UserCpu"/> per operation.</summary>
    public double UserCpuMicrosPerOp => UserCpu.TotalMicroseconds / Operations;

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
    private readonly TimeSpan _userCpu;
    private readonly long _allocated;
    private readonly CpuSteal _steal;

    private Probe(long started, TimeSpan cpu, TimeSpan userCpu, long allocated, CpuSteal steal)
    {
        _started = started;
        _cpu = cpu;
        _userCpu = userCpu;
        _allocated = allocated;
        _steal = steal;
    }

    public static Probe Start()
    {
        var steal = CpuSteal.Now(); // first: reading it allocates, which must not count in the run's bytes
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Environment.CpuUsage;
        return new Probe(Stopwatch.GetTimestamp(), cpu.TotalTime, cpu.UserTime, allocated, steal);
    }

    public RunResult Stop(long operations, long[]? latencies = null)
    {
        var elapsed = Stopwatch.GetElapsedTime(_started);
        var cpu = Environment.CpuUsage;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        return new RunResult(operations, elapsed, cpu.TotalTime - _cpu, allocated, latencies)
        {
            StealShare = CpuSteal.Now().ShareSince(_steal),
            UserCpu = cpu.UserTime - _userCpu,
        };
    }
}

/// <summary>Floor and driver runs of one measurement, alternated round by round (ABBA), reported as medians.</summary>
internal sealed class Comparison(string name)
{
    public string Name { get; } = name;

    public List<RunResult> Floor { get; } = [];

    public List<RunResult> Driver { get; } = [];

    /// <summary>The async floor's runs (a second reference, see AsyncFloorClient), when measured.</summary>
    public List<RunResult> AsyncFloor { get; } = [];

    /// <summary>
    /// Runs <paramref name="rounds"/> rounds of floor, driver (and async floor when given), rotating which goes
    /// first from one round to the next so that drifting load on the machine does not favour one side.
    /// </summary>
    public static async Task<Comparison> RunAsync(string name, int rounds, Func<Task<RunResult>> floor, Func<Task<RunResult>> driver,
        Func<Task>? warmup = null, Func<Task<RunResult>>? asyncFloor = null)
    {
        var comparison = new Comparison(name);
        if (warmup is not null)
        {
            await Task.Yield();
            await warmup();
        }
        var sides = new List<(Func<Task<RunResult>> Run, List<RunResult> Results)> { (floor, comparison.Floor), (driver, comparison.Driver) };
        if (asyncFloor is not null)
        {
            sides.Add((asyncFloor, comparison.AsyncFloor));
        }
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < sides.Count; i++)
            {
                var (run, results) = sides[(round + i) % sides.Count];
                // Off the thread the previous side finished on: after a driver round that is the connection's reader,
                // resuming its last caller inline, and a blocking floor round run there would hold the reader for the
                // whole round (the watchdog takes it over; the next driver round then starts from a stranger thread).
                await Task.Yield();
                results.Add(await run());
            }
        }
        Console.WriteLine(comparison.StealSentence());
        return comparison;
    }

    /// <summary>How much CPU time the hypervisor stole during the rounds: the noise behind the figures that follow.</summary>
    public string StealSentence()
    {
        var shares = Floor.Concat(Driver).Concat(AsyncFloor).Select(r => r.StealShare).Where(s => !double.IsNaN(s)).ToArray();
        return shares.Length == 0
            ? "- CPU stolen by the hypervisor: not known on this OS."
            : $"- CPU stolen by the hypervisor during the rounds: {Report.F(shares.Min(), "P0")}–{Report.F(shares.Max(), "P0")} of the machine's time " +
              $"(median {Report.F(Median(shares), "P0")}); rounds with more than a few % are noisy.";
    }

    public double AsyncFloorMedian(Func<RunResult, double> metric) => AsyncFloor.Count == 0 ? double.NaN : Median(AsyncFloor.Select(metric));

    /// <summary>The median over rounds of driver ÷ async floor of <paramref name="metric"/>.</summary>
    public double MedianRatioToAsyncFloor(Func<RunResult, double> metric) =>
        AsyncFloor.Count == 0 ? double.NaN : Median(AsyncFloor.Zip(Driver, (f, d) => metric(d) / metric(f)));

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
