using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// A table of the <c>rethinkdb</c> database (the server's <c>artificial_table_backend_t</c>): its rows are computed
/// from the store, then kept in an ordinary <see cref="MemoryTable"/> so that every read term and changefeed works
/// on them as on any table (<see cref="SystemDatabase.Refresh"/>). A write of one row is handed to
/// <see cref="Write"/>, which changes the store or refuses with the server's message.
/// </summary>
internal abstract class SystemTable(string name)
{
    public string Name { get; } = name;

    /// <summary>The rows as the server formats them; the caller holds the store lock.</summary>
    public abstract IEnumerable<JsonObject> Rows(MemoryStore store);

    /// <summary>
    /// Applies the write of one row (<paramref name="oldRow"/> null: an insert; <paramref name="newRow"/> null: a
    /// delete) to the store, or returns the error the server puts in the write summary. The caller holds the store
    /// lock and refreshes the table afterwards.
    /// </summary>
    public virtual string? Write(WriteContext context, JsonNode key, JsonObject? oldRow, JsonObject? newRow) =>
        $"It's illegal to write to the `rethinkdb.{Name}` table.";
}

/// <summary>What a system table's write needs besides the rows: the store and who is writing.</summary>
internal sealed record WriteContext(MemoryStore Store, string User);
