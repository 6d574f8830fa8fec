using Microsoft.Extensions.Options;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// The names of one registered instance: the default one (<c>AddRethinkDb</c>), a keyed one
/// (<c>AddKeyedRethinkDb("analytics", ...)</c>), or the Aspire-style one (<c>builder.AddRethinkDbDataSource("db1")</c>,
/// whose connection string is <c>ConnectionStrings:db1</c>).
/// </summary>
internal sealed record RethinkDbInstance(string? ServiceKey, string? ConnectionStringName = null)
{
    public const string DefaultName = "rethinkdb";

    /// <summary>The options name: <see cref="Options.DefaultName"/>, or the service key.</summary>
    public string OptionsName => ServiceKey ?? Options.DefaultName;

    /// <summary>The data source's and the health check's name: <c>rethinkdb</c>, or <c>rethinkdb_&lt;key&gt;</c>.</summary>
    public string Name => ServiceKey is null ? DefaultName : $"{DefaultName}_{ServiceKey}";

    /// <summary>The key under <c>ConnectionStrings</c>: <c>rethinkdb</c>, or the service key (as the Aspire components do).</summary>
    public string ConnectionName => ConnectionStringName ?? ServiceKey ?? DefaultName;
}
