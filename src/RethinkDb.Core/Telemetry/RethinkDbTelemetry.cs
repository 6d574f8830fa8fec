namespace RethinkDb;

/// <summary>
/// The names under which the driver reports traces and metrics, following the OpenTelemetry semantic conventions
/// for database clients: <c>tracing.AddSource(RethinkDbTelemetry.ActivitySourceName)</c>,
/// <c>metrics.AddMeter(RethinkDbTelemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// Every query run on a <see cref="Connection"/> or a <see cref="RethinkDbDataSource"/> is timed and traced while
/// a listener subscribes (and unless <see cref="ConnectionOptions.EnableTracing"/> /
/// <see cref="ConnectionOptions.EnableMetrics"/> are off). No tag ever holds a password, an auth key or a document
/// value: only the database, the table a query names, the top-level term, the server's address and the error class.
/// </remarks>
public static class RethinkDbTelemetry
{
    /// <summary>The name of the driver's <see cref="System.Diagnostics.ActivitySource"/>.</summary>
    public const string ActivitySourceName = "RethinkDb";

    /// <summary>The name of the driver's <see cref="System.Diagnostics.Metrics.Meter"/>.</summary>
    public const string MeterName = "RethinkDb";
}
