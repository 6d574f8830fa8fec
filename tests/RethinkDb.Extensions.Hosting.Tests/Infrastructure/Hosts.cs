using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RethinkDb.Testing;

namespace RethinkDb.Extensions.Hosting.Tests.Infrastructure;

/// <summary>Builds service providers the way a host does: configuration registered, logging on.</summary>
public static class Hosts
{
    public static IConfigurationRoot Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    /// <summary>The "RethinkDb" section pointing at <paramref name="server"/>, plus <paramref name="more"/>.</summary>
    public static (string Key, string? Value)[] ServerSection(RethinkDbTestServer server, string section = "RethinkDb", params (string Key, string? Value)[] more)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Host"] = server.Host,
            ["Port"] = server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Password"] = server.Options.AdminPassword.Length == 0 ? null : server.Options.AdminPassword,
            // Healthy verdicts must not depend on the machine's load (the 0.8 s default failed once on a busy
            // 2-core machine); tests about the check's timeout set their own.
            ["HealthCheck:Timeout"] = "5",
        };
        foreach (var (key, value) in more)
        {
            values[key] = value;
        }
        return [.. values.Select(v => ($"{section}:{v.Key}", v.Value))];
    }

    public static ServiceProvider Build(IConfigurationRoot configuration, Action<IServiceCollection, IConfigurationRoot> register, CapturingLoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null)
            {
                b.AddProvider(logs);
            }
        });
        register(services, configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    /// <summary>A generous bound for "completes on time" checks on a shared, busy machine.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>A data source's open sockets with nothing running (idle) and with handles or queries (used).</summary>
    public static (int Idle, int Used) Counts(RethinkDbDataSource dataSource)
    {
        var counts = ((RethinkDb.Telemetry.IPoolMetrics)dataSource).CountConnections();
        return (counts.Idle, counts.Used);
    }
}
