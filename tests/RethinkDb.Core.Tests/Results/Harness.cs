using RethinkDb.Core.Tests.Infrastructure;
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
        await R.DbCreate(db).RunAsync(connection);
        return new Harness(target, connection, db);
    }

    public ReqlTerm Table(string name) => R.Db(Db).Table(name);

    public async Task<ReqlTerm> CreateTableAsync(string name, string? primaryKey = null)
    {
        var create = R.Db(Db).TableCreate(name);
        await (primaryKey is null ? create : create.OptArg("primary_key", primaryKey)).RunAsync(Connection);
        return Table(name);
    }

    /// <summary>A table with documents <c>{id: 1..count, n: id, group: id % 3}</c>.</summary>
    public async Task<ReqlTerm> CreateNumbersAsync(string name, int count)
    {
        var table = await CreateTableAsync(name);
        var rows = Enumerable.Range(1, count).Select(i => new { id = i, n = i, group = i % 3 }).ToArray();
        foreach (var chunk in rows.Chunk(5000))
        {
            var result = await table.Insert(chunk).RunWriteAsync(Connection);
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
                await R.DbDrop(Db).RunAsync(Connection);
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
