using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.SystemTables;

/// <summary>
/// The <c>rethinkdb</c> database (artificial_reql_cluster_interface.cc): its tables hold rows computed from the
/// store. <see cref="Refresh"/> recomputes them and writes the difference into the tables as ordinary changes, so
/// that changefeeds on a system table see servers join and leave, tables appear and so on.
/// </summary>
internal sealed class SystemDatabase
{
    public const string Name = "rethinkdb";

    private readonly MemoryStore _store;

    /// <summary>The id the real server gives the <c>rethinkdb</c> database (a v5 UUID of its name).</summary>
    private static readonly Guid Id = Guid.Parse("b99b9572-8e53-5fef-9a2b-5e6aba3edf1c");

    public SystemDatabase(MemoryStore store, int scramIterations)
    {
        _store = store;
        Db = new MemoryDb(Name, Id);
        SystemTable[] tables =
        [
            new ClusterConfigTable(), new CurrentIssuesTable(), new DbConfigTable(), new JobsTable(), new LogsTable(),
            new PermissionsTable(), new ServerConfigTable(), new ServerStatusTable(), new StatsTable(),
            new TableConfigTable(), new TableStatusTable(), new UsersTable(scramIterations),
        ];
        foreach (var table in tables)
        {
            Db.Tables[table.Name] = new MemoryTable(Db, table.Name, "id", "hard") { Source = table };
        }
    }

    public MemoryDb Db { get; }

    /// <summary>
    /// Recomputes the rows of every system table (or of <paramref name="only"/>) and applies the difference,
    /// publishing each added, changed or removed row to the table's feeds. The caller holds the store lock.
    /// <c>stats</c>, whose counters move with every query, is recomputed only when read.
    /// </summary>
    public void Refresh(MemoryTable? only = null)
    {
        foreach (var table in only is null ? Db.Tables.Values.Where(t => t.Source is not StatsTable).ToList() : [only])
        {
            var rows = new SortedDictionary<JsonNode, JsonObject>(Datum.Comparer!);
            foreach (var row in table.Source!.Rows(_store))
            {
                rows[row[table.PrimaryKey]!.DeepClone()] = (JsonObject)Datum.Normalize(row)!;
            }
            foreach (var (key, old) in table.Documents.ToList())
            {
                if (!rows.ContainsKey(key))
                {
                    table.Documents.Remove(key);
                    table.Publish(old, null);
                }
            }
            foreach (var (key, row) in rows)
            {
                if (!table.Documents.TryGetValue(key, out var old))
                {
                    table.Documents[key] = row;
                    table.Publish(null, row);
                }
                else if (!Datum.AreEqual(old, row))
                {
                    table.Documents[key] = row;
                    table.Publish(old, row);
                }
            }
        }
    }
}
