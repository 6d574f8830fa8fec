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

    /// <summary>The first line of the fenced block under the "Run the tests" heading.</summary>
    internal static string TestCommand(string readme)
    {
        var lines = readme.Split('\n');
        var heading = Array.FindIndex(lines, l => l.StartsWith("## ", StringComparison.Ordinal) && l.Contains("test", StringComparison.OrdinalIgnoreCase));
        Assert.True(heading >= 0, "README has no tests section");
        var fence = Array.FindIndex(lines, heading, l => l.StartsWith("```", StringComparison.Ordinal));
        return lines[fence + 1].Trim();
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
