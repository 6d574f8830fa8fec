using RethinkDb.Packaging.Tests.Infrastructure;

namespace RethinkDb.Packaging.Tests;

/// <summary>
/// A fresh console app and a fresh web app, outside the repository, reference the packed packages by version from
/// the local folder only (nuget.config maps RethinkDb.* to it), then build and run against the packed in-process
/// test server: a query, a cursor, a query through the hosting factory and the health check.
/// </summary>
[Collection(PackagingTests.Name)]
public sealed class PackageSmokeTests(PackedPackages packages)
{
    [Fact]
    public async Task A_console_app_built_from_the_packages_runs_a_query_and_a_cursor()
    {
        var app = CopyApp("console");
        var run = (await DotNet.RunAsync(app, "run", "-c", "Release", $"-p:RethinkDbVersion={packages.Version}", "-nodeReuse:false")).EnsureSuccess();

        Assert.Contains("SMOKE OK 250 31375", run.Output, StringComparison.Ordinal);
        AssertRestoredFromTheLocalFeed(app);
    }

    [Fact]
    public async Task A_web_app_built_from_the_packages_answers_a_query_and_reports_healthy()
    {
        var app = CopyApp("web");
        var run = (await DotNet.RunAsync(app, "run", "-c", "Release", $"-p:RethinkDbVersion={packages.Version}", "-nodeReuse:false")).EnsureSuccess();

        Assert.Contains("SMOKE OK 42 Healthy", run.Output, StringComparison.Ordinal);
        AssertRestoredFromTheLocalFeed(app);
    }

    [Fact]
    public async Task The_console_app_publishes_as_Native_AOT_without_a_warning_and_runs()
    {
        var app = CopyApp("console");
        var output = Path.Combine(app, "native");
        var publish = (await DotNet.RunAsync(app, "publish", "-c", "Release", "-p:PublishAot=true", $"-p:RethinkDbVersion={packages.Version}",
            "-o", output, "-nodeReuse:false")).EnsureSuccess();

        // Trim and AOT analysis warnings are IL2xxx/IL3xxx; warnings are errors in the app, and none may be printed.
        Assert.DoesNotMatch(@"warning IL\d{4}", publish.Output);
        var run = (await DotNet.RunProgramAsync(Path.Combine(output, "SmokeConsole"), app)).EnsureSuccess();
        Assert.Contains("SMOKE OK 250 31375", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Copies apps/<paramref name="name"/> into a folder of its own with a nuget.config for the local feed.</summary>
    private string CopyApp(string name)
    {
        var source = Path.Combine(packages.RepositoryRoot, "tests", "RethinkDb.Packaging.Tests", "apps", name);
        var target = Path.Combine(packages.WorkDirectory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        // The machine's own sources stay (for Microsoft.* packages); RethinkDb.* may come from the local feed only.
        File.WriteAllText(Path.Combine(target, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="rethinkdb-local" value="{packages.Feed}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="rethinkdb-local">
                  <package pattern="RethinkDb.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return target;
    }

    /// <summary>The restore resolved our packages at the packed version (not a project, not another version).</summary>
    private void AssertRestoredFromTheLocalFeed(string app)
    {
        var assets = File.ReadAllText(Path.Combine(app, "obj", "project.assets.json"));
        Assert.Contains($"\"RethinkDb.Core/{packages.Version}\"", assets, StringComparison.Ordinal);
        Assert.Contains($"\"type\": \"package\"", assets, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"project\"", assets, StringComparison.Ordinal);
    }
}
