using System.Diagnostics;
using System.Text;

namespace RethinkDb.Packaging.Tests.Infrastructure;

/// <summary>Runs a program (the dotnet CLI, a published app) to its end and returns what it printed.</summary>
internal static class DotNet
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static Task<ProcessResult> RunAsync(string workingDirectory, params string[] arguments) =>
        RunProgramAsync("dotnet", workingDirectory, arguments);

    /// <summary>Runs <paramref name="program"/>; kills it (and fails) after <see cref="Limit"/>.</summary>
    public static async Task<ProcessResult> RunProgramAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The test host runs under MSBuild-launched dotnet test: its MSBuild variables would point a nested build at
        // the outer build's SDK state. A user's shell has none of them.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within {Limit}:\n{output}");
        }
        process.WaitForExit(); // drains the output events
        lock (gate)
        {
            return new ProcessResult(process.ExitCode, output.ToString(), $"{program} {string.Join(' ', arguments)}");
        }
    }

    /// <summary>How long one command may take: a cold restore plus a Native AOT publish on a 2-core machine.</summary>
    public static TimeSpan Limit { get; } = TimeSpan.FromMinutes(10);
}

/// <summary>A finished command: its exit code and its output (standard output and error, interleaved).</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Command)
{
    /// <summary>Fails the test with the command's output unless it exited with 0.</summary>
    public ProcessResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"'{Command}' exited with {ExitCode}:\n{Output}");
        return this;
    }
}
