using System.Text.Json;

namespace RethinkDb;

/// <content>
/// Running a query on a <see cref="RethinkDbDataSource"/> without a lease: the data source picks one of its open
/// sockets (opening one when none is) and the query runs as on a <see cref="Connection"/> with the data source's
/// default database. While a socket is open this adds no allocation to the query.
/// </content>
public abstract partial class ReqlExpr
{
    /// <summary>Runs the query on one of the data source's sockets and reads its whole result as <typeparamref name="T"/>.</summary>
    /// <remarks>As <see cref="RunAsync{T}(Connection, RunOptions?, CancellationToken)"/>.</remarks>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error (see the subclasses).</exception>
    /// <exception cref="ReqlDriverError">No socket could be opened (or the server is known down), the connection
    /// failed, or the result does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="JsonException">The result cannot be deserialized as <typeparamref name="T"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; a running query is stopped.</exception>
    /// <exception cref="ObjectDisposedException">The data source was disposed.</exception>
    public Task<T> RunAsync<T>(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        if ((options?.RetryRead ?? dataSource.RetryReads) && RethinkDb.DataSource.ReadRetryPolicy.IsReadOnly(this))
        {
            return RunReadWithRetryAsync<T>(dataSource, options, cancellationToken);
        }
        return dataSource.TryGetQueryConnection(out var connection)
            ? RunAsync<T>(connection, options, cancellationToken)
            : RunWhenOpenAsync<T>(dataSource, options, cancellationToken);
    }

    /// <summary>Runs the query on the data source and returns its whole result as raw JSON.</summary>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error.</exception>
    /// <exception cref="ReqlDriverError">No socket could be opened, the connection failed, or the query is a changefeed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; a running query is stopped.</exception>
    public Task<JsonElement> RunAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<JsonElement>(dataSource, options, cancellationToken);

    /// <summary>Runs the query with <c>profile: true</c> on one of the data source's sockets: its result and the
    /// server's profile of its evaluation.</summary>
    /// <remarks>As <see cref="RunProfiledAsync{T}(Connection, RunOptions?, CancellationToken)"/>; never retried.</remarks>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error.</exception>
    /// <exception cref="ReqlDriverError">No socket could be opened, the connection failed, or the result does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="JsonException">The result cannot be deserialized as <typeparamref name="T"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; a running query is stopped.</exception>
    public async Task<ProfiledResult<T>> RunProfiledAsync<T>(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var connection = await QueryConnectionAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return await RunProfiledAsync<T>(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the query on one of the data source's sockets and returns a cursor over its rows. The cursor keeps
    /// using that socket; dispose it (<c>await using</c>).
    /// </summary>
    /// <exception cref="ReqlQueryError">The server answered the first batch with an error.</exception>
    /// <exception cref="ReqlDriverError">No socket could be opened, or the connection failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<Cursor<T>> RunCursorAsync<T>(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var connection = await QueryConnectionAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return await RunCursorAsync<T>(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a changefeed on one of the data source's sockets. The feed never ends by itself: dispose the cursor, or
    /// cancel <paramref name="cancellationToken"/>. A busy feed may deserve its own socket
    /// (<see cref="RethinkDbDataSource.OpenNewConnectionAsync"/>).
    /// </summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No socket could be opened, the connection failed, or the query is not a changefeed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<Cursor<Change<T>>> RunChangesAsync<T>(RethinkDbDataSource dataSource, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var connection = await QueryConnectionAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return await RunChangesAsync<T>(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a write on the data source and returns the server's summary.</summary>
    /// <remarks>As <see cref="RunWriteAsync(Connection, RunOptions?, CancellationToken)"/>, cancellation included.</remarks>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No socket could be opened, the connection failed, or the query is no write.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<WriteResult> RunWriteAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var connection = await QueryConnectionAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return await RunWriteAsync(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a write on the data source and returns the summary with the changed documents as <typeparamref name="T"/>.</summary>
    /// <exception cref="ReqlQueryError">The server answered with an error.</exception>
    /// <exception cref="ReqlDriverError">No socket could be opened, the connection failed, or the query is no write.</exception>
    /// <exception cref="JsonException">A changed document cannot be deserialized as <typeparamref name="T"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<WriteResult<T>> RunWriteAsync<T>(RethinkDbDataSource dataSource, RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var connection = await QueryConnectionAsync(dataSource, cancellationToken).ConfigureAwait(false);
        return await RunWriteAsync<T>(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the query with <c>noreply</c> on one of the data source's sockets. Use
    /// <see cref="RethinkDbDataSource.NoreplyWaitAsync"/> to wait until the server has run it; disposing the data
    /// source waits for it too (bounded).
    /// </summary>
    /// <exception cref="ReqlDriverError">No socket could be opened, or the connection is closed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the query was sent.</exception>
    public async Task RunNoReplyAsync(RethinkDbDataSource dataSource, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var connection = await QueryConnectionAsync(dataSource, cancellationToken).ConfigureAwait(false);
        await RunNoReplyAsync(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The slow path of <see cref="RunAsync{T}(RethinkDbDataSource, RunOptions?, CancellationToken)"/>: no socket is open yet.</summary>
    private async Task<T> RunWhenOpenAsync<T>(RethinkDbDataSource dataSource, RunOptions? options, CancellationToken cancellationToken)
    {
        var connection = await dataSource.GetQueryConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync<T>(connection, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a read, and once more on another node when its node died before answering: the socket broke (the
    /// connection is no longer open) and the caller did not cancel. A query error, or a result that does not fit,
    /// is the answer and is never retried.
    /// </summary>
    private async Task<T> RunReadWithRetryAsync<T>(RethinkDbDataSource dataSource, RunOptions? options, CancellationToken cancellationToken)
    {
        var connection = await QueryConnectionAsync(dataSource, cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunAsync<T>(connection, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ReqlDriverError error) when (!cancellationToken.IsCancellationRequested && !connection.IsOpen && error is not ReqlAuthError)
        {
            Connection retry;
            try
            {
                retry = await dataSource.GetRetryConnectionAsync(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (ReqlDriverError)
            {
                // No other node: the first failure is the one to report.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
                throw;
            }
            return await RunAsync<T>(retry, options, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ValueTask<Connection> QueryConnectionAsync(RethinkDbDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return dataSource.TryGetQueryConnection(out var connection)
            ? ValueTask.FromResult(connection)
            : dataSource.GetQueryConnectionAsync(cancellationToken);
    }
}
