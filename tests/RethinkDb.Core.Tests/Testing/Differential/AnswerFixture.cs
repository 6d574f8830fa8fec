namespace RethinkDb.Core.Tests.Testing.Differential;

/// <summary>The table the recorded table queries read: seven documents with missing, null and odd fields, an index on <c>a</c>.</summary>
internal static class AnswerFixture
{
    public const string Table = "answers_fixture";

    /// <summary>The table the recorded writes change (see <see cref="ResetWritesAsync"/>).</summary>
    public const string WriteTable = "answers_writes";

    private static readonly object?[] WriteDocuments =
    [
        new Dictionary<string, object?> { ["id"] = 1, ["a"] = 3, ["b"] = "Iron", ["c"] = new object[] { 1, 2 } },
        new Dictionary<string, object?> { ["id"] = 2, ["a"] = 5, ["b"] = "thor", ["d"] = null },
        new Dictionary<string, object?> { ["id"] = 3, ["a"] = 3, ["d"] = new Dictionary<string, object?> { ["k"] = "x" } },
        new Dictionary<string, object?> { ["id"] = 4, ["b"] = "" },
    ];

    private static readonly object?[] Documents =
    [
        new Dictionary<string, object?> { ["id"] = 1, ["a"] = 3, ["b"] = "Iron", ["c"] = new object[] { 1, 2 }, ["d"] = new Dictionary<string, object?> { ["k"] = 1 } },
        new Dictionary<string, object?> { ["id"] = 2, ["a"] = 5, ["b"] = "thor", ["c"] = Array.Empty<object>(), ["d"] = null },
        new Dictionary<string, object?> { ["id"] = 3, ["a"] = 3, ["b"] = "Loki", ["d"] = new Dictionary<string, object?> { ["k"] = "x" } },
        new Dictionary<string, object?> { ["id"] = 4, ["a"] = -1.5, ["b"] = "", ["c"] = new object[] { "x", 3 } },
        new Dictionary<string, object?> { ["id"] = 5, ["b"] = "Hulk", ["c"] = new object[] { 2 }, ["d"] = new Dictionary<string, object?>() },
        new Dictionary<string, object?> { ["id"] = 6, ["a"] = 7, ["b"] = null },
        new Dictionary<string, object?> { ["id"] = 7, ["a"] = 0, ["b"] = "Wasp", ["c"] = "str", ["d"] = new Dictionary<string, object?> { ["k"] = null } },
    ];

    /// <summary>(Re)creates the read table in database <c>test</c>, with its documents.</summary>
    public static async Task CreateAsync(Connection connection)
    {
        await CreateIndexedTableAsync(connection, Table);
        await R.Db("test").Table(Table).Insert(Documents).RunAsync<object>(connection);
    }

    public static Task DropAsync(Connection connection) => DropTableAsync(connection, Table);

    /// <summary>(Re)creates the write table in database <c>test</c> (filled by <see cref="ResetWritesAsync"/>).</summary>
    public static Task CreateWritesAsync(Connection connection) => CreateIndexedTableAsync(connection, WriteTable);

    /// <summary>Puts the write table back to its four documents.</summary>
    public static async Task ResetWritesAsync(Connection connection)
    {
        await R.Db("test").Table(WriteTable).Delete().RunAsync<object>(connection);
        await R.Db("test").Table(WriteTable).Insert(WriteDocuments).RunAsync<object>(connection);
    }

    public static Task DropWritesAsync(Connection connection) => DropTableAsync(connection, WriteTable);

    // An empty table with an index on `a`, dropped first if a run before left it.
    private static async Task CreateIndexedTableAsync(Connection connection, string name)
    {
        if ((await R.Db("test").TableList().RunAsync<List<string>>(connection)).Contains(name))
        {
            await DropTableAsync(connection, name);
        }
        await R.Db("test").TableCreate(name).RunAsync<object>(connection);
        await R.Db("test").Table(name).IndexCreate("a").RunAsync<object>(connection);
        await R.Db("test").Table(name).IndexWait("a").RunAsync<object>(connection);
    }

    private static async Task DropTableAsync(Connection connection, string name) => await R.Db("test").TableDrop(name).RunAsync<object>(connection);
}
