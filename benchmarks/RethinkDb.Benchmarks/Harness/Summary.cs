using static RethinkDb.Benchmarks.Harness.Report;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>The targets of the issue, checked against the figures of this run, printed at the end.</summary>
internal static class Summary
{
    private static readonly List<string[]> Targets = [];
    private static readonly List<string[]> Cpu = [];

    public static void Add(string target, string measured, bool met) => Targets.Add([target, measured, Verdict(met)]);

    /// <summary>The issue's client CPU per query target (pipelined <c>r.expr(1)</c>, 16–1,000 in flight).</summary>
    public const double CpuTargetMicros = 12;

    /// <summary>The issue's allocation per query target (the same points).</summary>
    public const double BytesTarget = 256;

    /// <summary>
    /// CPU and allocations per query of a scenario; <paramref name="targeted"/> where the issue sets a target for them
    /// (pipelined at 16–1,000 in flight), otherwise they are only reported.
    /// </summary>
    public static void AddCpu(string scenario, Comparison c, bool targeted)
    {
        var cpu = c.DriverMedian(r => r.CpuMicrosPerOp);
        var bytes = c.DriverMedian(r => r.BytesPerOp);
        Cpu.Add([scenario, F(c.FloorMedian(r => r.CpuMicrosPerOp), "N2"), F(cpu, "N2"), F(c.FloorMedian(r => r.BytesPerOp), "N0"), F(bytes, "N0")]);
        if (targeted)
        {
            Targets.Add([$"Client CPU ≤ {CpuTargetMicros} µs/query ({scenario})", $"{F(cpu, "N2")} µs", Verdict(cpu <= CpuTargetMicros)]);
            Targets.Add([$"≤ {BytesTarget} B allocated/query ({scenario})", $"{F(bytes, "N0")} B", Verdict(bytes <= BytesTarget)]);
        }
    }

    /// <summary>CPU and allocations per document of the data scenarios (no per-query targets apply).</summary>
    public static void AddPerDocument(string scenario, Comparison c) =>
        Cpu.Add([scenario, F(c.FloorMedian(r => r.CpuMicrosPerOp), "N2"), F(c.DriverMedian(r => r.CpuMicrosPerOp), "N2"),
            F(c.FloorMedian(r => r.BytesPerOp), "N0"), F(c.DriverMedian(r => r.BytesPerOp), "N0")]);

    public static void Print(Target target)
    {
        if (Targets.Count == 0)
        {
            return;
        }
        Heading("Client CPU and allocations per query (medians over rounds)");
        Table(["scenario", "floor CPU µs/q", "driver CPU µs/q", "floor B/q", "driver B/q"], Cpu);
        if (!target.IsRealServer)
        {
            Console.WriteLine();
            Console.WriteLine("NOTE: the in-memory server runs in this process, so CPU and allocation figures include the server's.");
        }
        Heading("Targets");
        Table(["target", "this run", "verdict"], Targets);
        Console.WriteLine();
        var steal = CpuSteal.Now().ShareSince(StealAtStart);
        Console.WriteLine($"load average at end: {LoadAverage()}; CPU stolen by the hypervisor over the whole run: " +
                          (double.IsNaN(steal) ? "not known" : F(steal, "P0")));
    }
}
