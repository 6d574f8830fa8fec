using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Protocol;
using RethinkDb.Testing;

namespace RethinkDb.Core.Tests.Results;

/// <summary>A server (test or real), an open connection, and a database of its own, dropped at the end.</summary>
internal sealed class Harness : IAsyncDisposable
{
    private Harness(ServerTarget target, Connection connection, string db)
    {
        Target = target;
        Connection = connection;
        Db = db;
    }

    public ServerTarget Target { get; }

    public Connection Connection { get; }

    public string Db { get; }

    public RethinkDbTestServer? Server => Target.TestServer;

    public static async Task<Harness> StartAsync(ServerKind kind, TestServerOptions? options = null)
    {
        var target = await ServerTarget.StartAsync(kind, options);
        var connection = await target.ConnectAsync();
        var db = "results_" + Guid.NewGuid().ToString("N")[..12];
        await Q.T(TermType.DbCreate, db).RunAsync(connection);
        return new Harness(target, connection, db);
    }

    public ReqlTerm Table(string name) => Q.Table(Db, name);

    public async Task<ReqlTerm> CreateTableAsync(string name, string? primaryKey = null)
    {
        var create = primaryKey is null
            ? Q.T(TermType.TableCreate, R.Db(Db), name)
            : Q.T(TermType.TableCreate, [R.Db(Db), name], ("primary_key", primaryKey));
        await create.RunAsync(Connection);
        return Table(name);
    }

    /// <summary>A table with documents <c>{id: 1..count, n: id, group: id % 3}</c>.</summary>
    public async Task<ReqlTerm> CreateNumbersAsync(string name, int count)
    {
        var table = await CreateTableAsync(name);
        var rows = Enumerable.Range(1, count).Select(i => (object?)Q.Obj(("id", i), ("n", i), ("group", i % 3))).ToArray();
        for (var start = 0; start < rows.Length; start += 5000)
        {
            var chunk = rows.Skip(start).Take(5000).ToArray();
            var result = await Q.T(TermType.Insert, table, Q.Array(chunk)).RunWriteAsync(Connection);
            Assert.Equal(chunk.Length, result.Inserted);
        }
        return table;
    }

    public Task<Connection> ConnectAsync() => Target.ConnectAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Connection.IsOpen)
            {
                await Q.T(TermType.DbDrop, Db).RunAsync(Connection);
            }
        }
        catch (ReqlError)
        {
            // Best effort: the test may have closed or broken the connection on purpose.
        }
        await Connection.DisposeAsync();
        await Target.DisposeAsync();
    }
}
