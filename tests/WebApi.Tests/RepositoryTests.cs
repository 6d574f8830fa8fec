namespace WebApi.Tests;

/// <summary>Checks on the repository's own instructions: the README's commands are the ones CI runs.</summary>
public class RepositoryTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void The_README_test_command_is_the_command_ci_runs()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        var command = TestCommand(readme);
        Assert.StartsWith("dotnet test", command, StringComparison.Ordinal);
        // .ci/run pipes the command's output into a log; the command itself must be the README's, verbatim.
        var ciCommands = ci.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("dotnet test", StringComparison.Ordinal))
            .Select(l => l.Split(" 2>&1", 2)[0].Split(" |", 2)[0].Trim())
            .ToList();
        Assert.Equal([command], ciCommands);
    }

    /// <summary>The README's test command: the line of a fenced block that starts with "dotnet test".</summary>
    internal static string TestCommand(string readme)
    {
        var commands = FencedLines(readme).Where(l => l.StartsWith("dotnet test", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(commands.Count == 1, $"README should show one test command, shows: {string.Join(" | ", commands)}");
        return commands[0];
    }

    [Fact]
    public void The_README_run_command_starts_the_sample_in_embedded_mode()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains("dotnet run --project samples/WebApi -- --embedded", FencedLines(readme));
        Assert.True(File.Exists(Path.Combine(Root, "samples", "WebApi", "WebApi.csproj")));
    }

    private static IEnumerable<string> FencedLines(string readme)
    {
        var inside = false;
        foreach (var raw in readme.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inside = !inside;
            }
            else if (inside)
            {
                yield return line;
            }
        }
    }

    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RethinkDb.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("RethinkDb.slnx not found above the test binaries.");
    }
}
