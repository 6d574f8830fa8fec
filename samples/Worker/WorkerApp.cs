using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RethinkDb;
using RethinkDb.Testing;

namespace Worker;

/// <summary>Builds the worker's host (also used by its tests, which pass the server to use as arguments).</summary>
public static class WorkerApp
{
    /// <summary>Builds the host: configuration, the projection worker, its health check and the health file.</summary>
    public static async Task<IHost> BuildAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (args.Contains("--embedded") || builder.Configuration.GetValue<bool>("Embedded"))
        {
            var embedded = await RethinkDbTestServer.StartAsync().ConfigureAwait(false);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["RethinkDb:Host"] = embedded.Host,
                ["RethinkDb:Port"] = embedded.Port.ToString(CultureInfo.InvariantCulture),
                ["RethinkDb:Password"] = "",
            });
            // The container disposes it after the worker stopped (registered first, so disposed last).
            builder.Services.AddSingleton(embedded);
        }
        var section = builder.Configuration.GetSection("RethinkDb");
        // Made by a factory, so the container owns the data source and disposes it after the worker stopped.
        builder.Services.AddSingleton(_ => RethinkDbDataSource.Create(new ConnectionOptions
        {
            Host = section["Host"] ?? "localhost",
            Port = section.GetValue("Port", 28015),
            Password = string.IsNullOrEmpty(section["Password"]) ? null : section["Password"],
        }));
        builder.Services.AddSingleton(new ProjectionSettings
        {
            Db = builder.Configuration["Projection:Db"] ?? "test",
            Source = builder.Configuration["Projection:Source"] ?? "heroes",
            Target = builder.Configuration["Projection:Target"] ?? "hero_names",
        });
        builder.Services.AddSingleton<FeedHealth>();
        builder.Services.AddHostedService<ProjectionWorker>();

        // Health the Generic Host way: health checks, published every few seconds; the publisher writes a file that
        // the Kubernetes exec probes test (no HTTP server in a worker).
        builder.Services.AddHealthChecks().AddCheck<FeedHealthCheck>("projection-feed");
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.FromSeconds(1);
            o.Period = TimeSpan.FromSeconds(Math.Max(1, builder.Configuration.GetValue("Health:PeriodSeconds", 5.0))); // at least 1 s (the publisher refuses less)
        });
        builder.Services.AddSingleton(new HealthFileOptions { Path = builder.Configuration["Health:File"] ?? Path.Combine(Path.GetTempPath(), "worker-healthy") });
        builder.Services.AddSingleton<IHealthCheckPublisher, HealthFilePublisher>();
        return builder.Build();
    }
}

/// <summary>Which tables the worker reads and writes.</summary>
public sealed class ProjectionSettings
{
    /// <summary>The database of both tables.</summary>
    public required string Db { get; init; }

    /// <summary>The table whose changefeed is projected.</summary>
    public required string Source { get; init; }

    /// <summary>The table the projection is written to.</summary>
    public required string Target { get; init; }
}
