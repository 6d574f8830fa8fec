using RethinkDb;

namespace Worker;

/// <summary>
/// Projects every hero of the source table into the target table (<c>{id, name}</c>) from a resumable changefeed: the
/// feed's initial values fill the projection, its changes keep it up to date, and when RethinkDB restarts the feed
/// resumes and re-sends the current heroes, so the projection catches up with what it missed.
/// </summary>
public sealed partial class ProjectionWorker(RethinkDbDataSource dataSource, ProjectionSettings settings, FeedHealth health,
    ILogger<ProjectionWorker> logger) : BackgroundService
{
    /// <summary>A hero as the projection reads it.</summary>
    public sealed record Hero(string Id, string? Name);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureTablesAsync(stoppingToken).ConfigureAwait(false);
        var db = R.Db(settings.Db);
        // On the data source: when RethinkDB goes away, each attempt to reopen the feed takes a connection from the
        // data source again (which drops the broken socket and opens another).
        var feed = db.Table(settings.Source).Changes().OptArg("include_initial", true)
            .RunResumableChangesAsync<Hero>(dataSource, new FeedResumeOptions { MaxAttempts = null, MaxDelay = TimeSpan.FromSeconds(5) }, stoppingToken);
        health.Live();
        try
        {
            await foreach (var change in feed.ConfigureAwait(false))
            {
                if (change.IsGap)
                {
                    LogGap(logger, change.Gap!.Attempts, change.Gap.InitialValuesFollow);
                    health.Resumed();
                    continue;
                }
                if (change.IsState)
                {
                    continue;
                }
                await ProjectAsync(change, stoppingToken).ConfigureAwait(false);
                health.CountProjected();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the feed stopped its query on the server.
        }
        catch (ReqlError error)
        {
            health.Failed();
            LogFeedEnded(logger, error.GetType().Name, error.Message);
            throw;
        }
    }

    private async Task ProjectAsync(Change<Hero> change, CancellationToken cancellationToken)
    {
        // The feed just delivered this change, so the data source reaches RethinkDB: the write goes through it too.
        var target = R.Db(settings.Db).Table(settings.Target);
        if (change.NewVal is { } hero)
        {
            await target.Insert(new { id = hero.Id, name = hero.Name }).OptArg("conflict", "replace")
                .RunWriteAsync(dataSource, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (change.OldVal is { } gone)
        {
            await target.Get(gone.Id).Delete().RunWriteAsync(dataSource, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        var existing = await R.Db(settings.Db).TableList().RunAsync<List<string>>(dataSource, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var table in new[] { settings.Source, settings.Target }.Except(existing))
        {
            await R.Db(settings.Db).TableCreate(table).RunAsync(dataSource, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The changefeed resumed after {Attempts} attempt(s); current values follow: {InitialValuesFollow}. Changes made meanwhile are caught up from them.")]
    private static partial void LogGap(ILogger logger, int attempts, bool initialValuesFollow);

    [LoggerMessage(Level = LogLevel.Error, Message = "The changefeed ended with {ErrorType}: {Message}")]
    private static partial void LogFeedEnded(ILogger logger, string errorType, string message);
}
