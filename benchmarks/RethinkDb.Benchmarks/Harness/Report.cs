using System.Globalization;
using System.Runtime.InteropServices;

namespace RethinkDb.Benchmarks.Harness;

/// <summary>Prints the machine, the server and the figures as Markdown tables.</summary>
internal static class Report
{
    public static string F(double value, string format = "N1") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The steal counters when the machine was reported, for the share over the whole run at the end.</summary>
    public static CpuSteal StealAtStart { get; private set; }

    public static void Machine(Target target)
    {
        StealAtStart = CpuSteal.Now();
        Console.WriteLine($"- machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
        Console.WriteLine($"- runtime: {RuntimeInformation.FrameworkDescription}, GC server={System.Runtime.GCSettings.IsServerGC}");
        Console.WriteLine($"- server: {target.Description}");
        Console.WriteLine($"- load average at start: {LoadAverage()} (other work on the machine makes figures noisy; ratios are taken round by round)");
#if DEBUG
        Console.WriteLine("- WARNING: Debug build; run with -c Release");
#endif
    }

    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static void Heading(string text)
    {
        Console.WriteLine();
        Console.WriteLine($"### {text}");
        Console.WriteLine();
    }

    public static void Table(string[] header, IEnumerable<string[]> rows)
    {
        Console.WriteLine("| " + string.Join(" | ", header) + " |");
        Console.WriteLine("|" + string.Join("|", header.Select((_, i) => i == 0 ? " --- " : " ---: ")) + "|");
        foreach (var row in rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row) + " |");
        }
        Console.Out.Flush();
    }

    public static string Verdict(bool met) => met ? "met" : "MISSED";
}
