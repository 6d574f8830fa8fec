using RethinkDb;
using RethinkDb.Extensions.Hosting;

namespace WebApi;

/// <summary>
/// Makes sure the database and the <c>heroes</c> table exist. Runs in the background with retries, so the host starts
/// even when RethinkDB is down; the readiness probe reports the outage meanwhile.
/// </summary>
internal sealed partial class HeroesSchema(IServiceScopeFactory scopes, ILogger<HeroesSchema> logger) : BackgroundService
{
    public const string Table = "heroes";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureAsync(stoppingToken);
                return;
            }
            catch (ReqlError ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRetry(logger, ex.GetType().Name, ex.Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    private async Task EnsureAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IRethinkDbConnectionFactory>();
        await using var conn = await factory.OpenAsync(ct);
        var db = conn.Db;

        // Idempotent: create only what is missing (another replica may be doing the same; "already exists" is fine).
        var dbs = await R.DbList().RunAsync<List<string>>(conn, cancellationToken: ct);
        if (!dbs.Contains(db))
        {
            await IgnoreAlreadyExists(R.DbCreate(db).RunWriteAsync(conn, cancellationToken: ct));
            LogCreated(logger, "database", db);
        }
        var tables = await R.Db(db).TableList().RunAsync<List<string>>(conn, cancellationToken: ct);
        if (!tables.Contains(Table))
        {
            await IgnoreAlreadyExists(R.Db(db).TableCreate(Table).RunWriteAsync(conn, cancellationToken: ct));
            LogCreated(logger, "table", $"{db}.{Table}");
        }
        LogReady(logger, db, Table);
    }

    private static async Task IgnoreAlreadyExists(Task task)
    {
        try
        {
            await task;
        }
        catch (ReqlOpFailedError ex) when (ex.ErrorMessage.Contains("already exists", StringComparison.Ordinal))
        {
            // Created concurrently by another instance: the goal is reached.
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created {Kind} {Name}")]
    private static partial void LogCreated(ILogger logger, string kind, string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Schema ready: table {Db}.{Table} exists")]
    private static partial void LogReady(ILogger logger, string db, string table);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Cannot ensure the schema yet ({Error}: {Message}); retrying in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, string error, string message, double seconds);
}
