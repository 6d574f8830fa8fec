using Microsoft.Extensions.Options;

namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// The names of one registered instance: the default one (<c>AddRethinkDb</c>) or a keyed one
/// (<c>AddKeyedRethinkDb("analytics", ...)</c>).
/// </summary>
internal sealed record RethinkDbInstance(string? ServiceKey)
{
    public const string DefaultName = "rethinkdb";

    /// <summary>The options name: <see cref="Options.DefaultName"/>, or the service key.</summary>
    public string OptionsName => ServiceKey ?? Options.DefaultName;

    /// <summary>The pool's and the health check's name: <c>rethinkdb</c>, or <c>rethinkdb_&lt;key&gt;</c>.</summary>
    public string Name => ServiceKey is null ? DefaultName : $"{DefaultName}_{ServiceKey}";

    /// <summary>The key under <c>ConnectionStrings</c>: <c>rethinkdb</c>, or the service key (as the Aspire components do).</summary>
    public string ConnectionName => ServiceKey ?? DefaultName;
}
