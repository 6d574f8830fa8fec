using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RethinkDb;
using RethinkDb.Testing;
using Worker;

namespace Worker.Tests;

public sealed class ProjectionWorkerTests
{
    private sealed record Named(string Id, string? Name);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, because);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_worker_projects_changes_resumes_across_a_server_restart_reports_health_and_stops_cleanly()
    {
        await using var server = await RethinkDbTestServer.StartAsync();
        var healthFile = Path.Combine(Path.GetTempPath(), $"worker-healthy-{Guid.NewGuid():N}");
        using var host = await WorkerApp.BuildAsync(
        [
            $"--RethinkDb:Port={server.Port.ToString(CultureInfo.InvariantCulture)}",
            $"--RethinkDb:Host={server.Host}",
            $"--Health:File={healthFile}",
            "--Health:PeriodSeconds=1",
        ]);
        var health = host.Services.GetRequiredService<FeedHealth>();
        await host.StartAsync();

        await using (var conn = await Connection.OpenAsync(server.CreateConnectionOptions()))
        {
            await EventuallyAsync(async () => (await R.TableList().RunAsync<List<string>>(conn)).Contains("hero_names") && server.OpenCursors == 1,
                "The worker did not create its tables and open its feed.");
            await R.Table("heroes").Insert(new { id = "tony", name = "Iron Man", power = 9 }).RunWriteAsync(conn);
            await EventuallyAsync(async () => await R.Table("hero_names").Get("tony").RunAsync<Named?>(conn) is { Name: "Iron Man" },
                "The insert was not projected.");
        }
        await EventuallyAsync(() => Task.FromResult(File.Exists(healthFile)), "No health file was published.");

        await server.RestartAsync();
        await EventuallyAsync(() => Task.FromResult(health.Gaps == 1 && server.OpenCursors == 1), "The worker's feed did not resume.");
        await using (var conn = await Connection.OpenAsync(server.CreateConnectionOptions()))
        {
            await R.Table("heroes").Insert(new { id = "bruce", name = "Hulk", power = 10 }).RunWriteAsync(conn);
            await R.Table("heroes").Get("tony").Delete().RunWriteAsync(conn);
            await EventuallyAsync(async () => await R.Table("hero_names").Get("bruce").RunAsync<Named?>(conn) is { Name: "Hulk" }
                    && await R.Table("hero_names").Get("tony").RunAsync<Named?>(conn) is null,
                "Changes after the restart were not projected.");
        }
        Assert.True(health.IsLive);
        Assert.False(health.HasFailed);

        await host.StopAsync();
        await EventuallyAsync(() => Task.FromResult(server.OpenCursors == 0), "The feed was left open on the server.");
        Assert.NotEmpty(server.StoppedTokens);
        File.Delete(healthFile);
    }
}
