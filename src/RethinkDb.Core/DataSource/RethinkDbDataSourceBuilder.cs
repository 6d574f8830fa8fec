using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;

namespace RethinkDb;

/// <summary>
/// Builds a <see cref="RethinkDbDataSource"/>: the connection settings, and what cannot come from configuration
/// (serializer options for Native AOT, a logger factory).
/// </summary>
/// <example>
/// <code>
/// var builder = new RethinkDbDataSourceBuilder(new ConnectionOptions { Host = "rethink.internal", Db = "marvel" });
/// builder.UseJsonSerializerOptions(AppJsonContext.Default.Options);
/// await using var dataSource = builder.Build();
/// var heroes = await R.Table("heroes").RunAsync&lt;List&lt;Hero&gt;&gt;(dataSource, cancellationToken: ct);
/// </code>
/// </example>
public sealed class RethinkDbDataSourceBuilder
{
    private ILoggerFactory? _loggerFactory;

    /// <summary>A builder with every setting at its default (<c>localhost:28015</c>).</summary>
    public RethinkDbDataSourceBuilder() : this(new ConnectionOptions())
    {
    }

    /// <summary>A builder starting from a copy of <paramref name="options"/>.</summary>
    public RethinkDbDataSourceBuilder(ConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConnectionOptions = options.Clone();
        _loggerFactory = options.LoggerFactory;
    }

    /// <summary>The settings the data source will use; change them in place.</summary>
    public ConnectionOptions ConnectionOptions { get; }

    /// <summary>The data source's name in logs, metrics and health checks. Default <see cref="RethinkDbDataSource.DefaultName"/>.</summary>
    public string Name { get; set; } = RethinkDbDataSource.DefaultName;

    /// <summary>
    /// Whether the data source follows the cluster's membership (<c>rethinkdb.server_status</c> and a changefeed on
    /// it), adding nodes that join and removing discovered nodes that leave. <see langword="null"/> (the default): on
    /// when <see cref="ConnectionOptions.Hosts"/> names more than one node (a DNS name resolving to several addresses
    /// counts as several). Discovered nodes use the same TLS settings, credentials and timeout as the seeds. Reading
    /// <c>server_status</c> needs the <c>admin</c> user or read access to the <c>rethinkdb</c> database; without it
    /// the seeds alone are used (and a warning logged).
    /// </summary>
    public bool? DiscoverNodes { get; set; }

    /// <summary>
    /// Whether a read that failed because its node died (the socket broke before the answer) runs once more on
    /// another node. Default <see langword="false"/>. Never a write, never after the caller's cancellation; see
    /// <see cref="RunOptions.RetryRead"/> (which overrides this per query) for what counts as a read.
    /// </summary>
    public bool RetryReads { get; set; }

    /// <summary>Resolves seed names in tests (null: the system's DNS).</summary>
    internal DataSource.SeedResolver? SeedResolver { get; set; }

    /// <summary>
    /// Uses <paramref name="options"/> for documents and results (the driver adds its own types and converters).
    /// Under Native AOT, pass the options of a source-generated context: <c>AppJsonContext.Default.Options</c>.
    /// </summary>
    public RethinkDbDataSourceBuilder UseJsonSerializerOptions(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ConnectionOptions.JsonSerializerOptions = options;
        return this;
    }

    /// <summary>
    /// Resolves the metadata of document types with <paramref name="resolver"/> (a source-generated
    /// <c>JsonSerializerContext</c> under Native AOT), keeping the other serializer options (web defaults unless
    /// <see cref="UseJsonSerializerOptions"/> set others).
    /// </summary>
    public RethinkDbDataSourceBuilder UseTypeInfoResolver(IJsonTypeInfoResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        var options = ConnectionOptions.JsonSerializerOptions is { } current
            ? new JsonSerializerOptions(current)
            : new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.TypeInfoResolver = resolver;
        ConnectionOptions.JsonSerializerOptions = options;
        return this;
    }

    /// <summary>Logs the data source's and its connections' events to <paramref name="loggerFactory"/>.</summary>
    public RethinkDbDataSourceBuilder UseLoggerFactory(ILoggerFactory? loggerFactory)
    {
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Switches the tracing of queries on or off (<see cref="ConnectionOptions.EnableTracing"/>).</summary>
    public RethinkDbDataSourceBuilder EnableTracing(bool enable = true)
    {
        ConnectionOptions.EnableTracing = enable;
        return this;
    }

    /// <summary>Switches the metrics of queries and connections on or off (<see cref="ConnectionOptions.EnableMetrics"/>).</summary>
    public RethinkDbDataSourceBuilder EnableMetrics(bool enable = true)
    {
        ConnectionOptions.EnableMetrics = enable;
        return this;
    }

    /// <summary>Builds the data source. No socket opens until one is needed.</summary>
    /// <exception cref="ArgumentException">A setting is invalid (the message names it).</exception>
    public RethinkDbDataSource Build()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        var options = ConnectionOptions.Clone();
        options.LoggerFactory = _loggerFactory;
        options.Validate();
        return new RethinkDbDataSource(options, Name, _loggerFactory, new DataSource.ClusterSettings(DiscoverNodes, RetryReads, SeedResolver));
    }
}
