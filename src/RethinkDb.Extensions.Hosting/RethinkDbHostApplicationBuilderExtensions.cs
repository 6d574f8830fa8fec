using Microsoft.Extensions.Configuration;
using RethinkDb;
using RethinkDb.Extensions.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The Aspire-style entry point: <c>builder.AddRethinkDbDataSource("rethinkdb")</c> reads the connection string
/// <c>ConnectionStrings:rethinkdb</c> and the settings section <c>Aspire:RethinkDb:&lt;connectionName&gt;</c> (or
/// <c>Aspire:RethinkDb</c> when that one does not exist), and registers the data source, the scoped connection factory and
/// the health check, with tracing and metrics on unless <c>DisableTracing</c> / <c>DisableMetrics</c> say otherwise.
/// </summary>
public static class RethinkDbHostApplicationBuilderExtensions
{
    /// <summary>The settings section the entry point reads (as <c>Aspire:Npgsql</c> for Npgsql).</summary>
    public const string DefaultConfigSectionName = "Aspire:RethinkDb";

    /// <summary>Registers the RethinkDB data source named <paramref name="connectionName"/> (not keyed).</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="connectionName">The key under <c>ConnectionStrings</c>, e.g. <c>rethinkdb</c>.</param>
    /// <param name="configureSettings">Sets the options after the configuration was bound, or <see langword="null"/>.</param>
    /// <param name="configureDataSourceBuilder">Called on the data source's builder (serializer options for Native AOT), or <see langword="null"/>.</param>
    public static void AddRethinkDbDataSource(this IHostApplicationBuilder builder, string connectionName,
        Action<RethinkDbSettings>? configureSettings = null, Action<RethinkDbDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        var instance = new RethinkDbInstance(null,
            string.Equals(connectionName, RethinkDbInstance.DefaultName, StringComparison.Ordinal) ? null : connectionName);
        Add(builder, instance, connectionName, configureSettings, configureDataSourceBuilder);
    }

    /// <summary>Registers a RethinkDB data source under the service key <paramref name="name"/> (also its connection string's key).</summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The service key and the key under <c>ConnectionStrings</c>.</param>
    /// <param name="configureSettings">Sets the options after the configuration was bound, or <see langword="null"/>.</param>
    /// <param name="configureDataSourceBuilder">Called on the data source's builder, or <see langword="null"/>.</param>
    public static void AddKeyedRethinkDbDataSource(this IHostApplicationBuilder builder, string name,
        Action<RethinkDbSettings>? configureSettings = null, Action<RethinkDbDataSourceBuilder>? configureDataSourceBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Add(builder, new RethinkDbInstance(name), name, configureSettings, configureDataSourceBuilder);
    }

    private static void Add(IHostApplicationBuilder builder, RethinkDbInstance instance, string connectionName,
        Action<RethinkDbSettings>? configureSettings, Action<RethinkDbDataSourceBuilder>? configureDataSourceBuilder)
    {
        // The section of this connection when there is one, otherwise the general section (as the Aspire components do).
        var named = builder.Configuration.GetSection($"{DefaultConfigSectionName}:{connectionName}");
        var section = named.Exists() ? named : builder.Configuration.GetSection(DefaultConfigSectionName);
        Microsoft.Extensions.DependencyInjection.RethinkDbServiceCollectionExtensions.Add(builder.Services, instance, section,
            configureSettings, configureDataSourceBuilder);
    }
}
