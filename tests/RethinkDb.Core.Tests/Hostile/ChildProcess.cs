using System.Diagnostics;

namespace RethinkDb.Core.Tests.Hostile;

/// <summary>
/// Runs a scenario in a child process (this test assembly started with <c>dotnet exec</c>): a scenario that would
/// overflow the stack, which no .NET code can catch, then fails its test instead of killing the test run.
/// </summary>
public static class ChildProcess
{
    /// <summary>The entry point of the test assembly when started as a child: <c>scenario-name</c>.</summary>
    public static int Main(string[] args)
    {
        if (args.Length != 1 || !Scenarios.TryGetValue(args[0], out var scenario))
        {
            Console.Error.WriteLine("usage: RethinkDb.Core.Tests.dll <" + string.Join("|", Scenarios.Keys) + ">");
            return 2;
        }
        return scenario();
    }

    private static readonly Dictionary<string, Func<int>> Scenarios = new(StringComparer.Ordinal)
    {
        ["deep-terms"] = DeepTermScenario.Run,
    };

    /// <summary>Runs <paramref name="scenario"/> in a child; returns its exit code and what it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string scenario, TimeSpan deadline)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        start.ArgumentList.Add(scenario);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return (-1, "timed out\n" + await stdout + await stderr);
        }
        var output = await stdout + await stderr;
        return (process.ExitCode, output);
    }
}
