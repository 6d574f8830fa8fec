using System.Globalization;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>
/// The machine's CPU time counters of <c>/proc/stat</c>: "steal" is time the hypervisor gave to other guests while
/// this one wanted to run. On a shared VM it makes rounds slow for reasons neither client controls (seen here: 20–30 %
/// of the CPU time during some runs, under 2 % during others), so the report shows it next to the figures.
/// </summary>
internal readonly record struct CpuSteal(long StealTicks, long TotalTicks)
{
    /// <summary>The counters now; zero where <c>/proc/stat</c> cannot be read (not Linux).</summary>
    public static CpuSteal Now()
    {
        try
        {
            using var reader = new StreamReader("/proc/stat");
            var fields = reader.ReadLine()?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields is null || fields.Length < 9 || fields[0] != "cpu")
            {
                return default;
            }
            // user nice system idle iowait irq softirq steal (guest time is already counted in user and nice)
            var ticks = fields.Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return new CpuSteal(ticks[7], ticks.Sum());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            return default;
        }
    }

    /// <summary>The share of the machine's CPU time stolen since <paramref name="start"/>; NaN when it cannot tell.</summary>
    public double ShareSince(CpuSteal start) =>
        TotalTicks > start.TotalTicks ? (double)(StealTicks - start.StealTicks) / (TotalTicks - start.TotalTicks) : double.NaN;
}
