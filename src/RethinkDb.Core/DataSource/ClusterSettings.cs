namespace RethinkDb.DataSource;

/// <summary>The cluster settings of a data source that are not connection options (they come from its builder).</summary>
/// <param name="Discover">Discovery: on, off, or null for "on when the hosts name more than one node".</param>
/// <param name="RetryReads">Whether reads whose node died run once more on another node.</param>
/// <param name="Resolver">Resolves seed names (null: the system's DNS); tests pass their own.</param>
internal sealed record ClusterSettings(bool? Discover = null, bool RetryReads = false, SeedResolver? Resolver = null);
