using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <content>Running a query and reading its results.</content>
public abstract partial class ReqlExpr
{
    /// <summary>
    /// Runs the query and reads its whole result as <typeparamref name="T"/> (<c>run</c> in the official drivers).
    /// </summary>
    /// <remarks>
    /// <para>An atom (a number, a document, an array…) is deserialized as <typeparamref name="T"/>.</para>
    /// <para>A sequence (a table, <c>filter</c>, <c>getAll</c>…) is read to the end, every batch, and deserialized as
    /// if it were one JSON array of its rows: <typeparamref name="T"/> must then be a collection type (an array,
    /// <see cref="List{T}"/>, <see cref="IReadOnlyList{T}"/>…) or hold any JSON (<see cref="JsonElement"/>,
    /// <see cref="JsonDocument"/>, <see cref="System.Text.Json.Nodes.JsonNode"/>, <see cref="object"/>). For large
    /// sequences prefer <see cref="RunCursorAsync{T}(Connection, RunOptions?, CancellationToken)"/>, which does not hold them in memory.</para>
    /// <para>Pseudo-types are converted by the target type's JSON converter: <c>TIME</c> into
    /// <see cref="DateTimeOffset"/>, <c>BINARY</c> into <c>byte[]</c>; a <see cref="JsonElement"/> keeps them as
    /// objects. <c>GROUPED_DATA</c> reads as a list of <see cref="Grouping{TKey, TValue}"/> unless
    /// <see cref="RunOptions.GroupFormat"/> is <c>"raw"</c>, which leaves the pseudo-type object as it is.</para>
    /// </remarks>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error (see the subclasses).</exception>
    /// <exception cref="ReqlDriverError">The connection failed, the server answered CLIENT_ERROR, the query is a
    /// changefeed (use <see cref="RunChangesAsync{T}(Connection, RunOptions?, CancellationToken)"/>), or the result is a sequence and <typeparamref name="T"/>
    /// cannot hold one.</exception>
    /// <exception cref="JsonException">The result cannot be deserialized as <typeparamref name="T"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; a running query is stopped.</exception>
    public async Task<T> RunAsync<T>(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var response = await connection.StartAsync(this, options, cancellationToken).ConfigureAwait(false);
        // The common answer (one value) is read here; everything else is in ReadOtherAsync. Keeping this method's
        // locals few keeps the Task it returns small: it is the one allocation of a small query besides the response.
        if (response.Type == ResponseType.SuccessAtom)
        {
            try
            {
                return ResultReader.ReadAtom(response.Results, ResultReader.GetTypeInfo<T>(connection.JsonOptions),
                    ResultReader.GroupsAreRaw(options));
            }
            finally
            {
                // Nothing else holds it: the dispatcher and the telemetry let go of it before this caller resumed.
                response.Recycle();
            }
        }
        return await ReadOtherAsync<T>(connection, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the query with <c>profile: true</c> and reads its whole result as <typeparamref name="T"/>, with the
    /// server's profile of its evaluation (what <see cref="RunOptions.Profile"/> asks for).
    /// </summary>
    /// <remarks>The result is read as <see cref="RunAsync{T}(Connection, RunOptions?, CancellationToken)"/> reads it;
    /// <paramref name="options"/> is not changed (a copy with <see cref="RunOptions.Profile"/> set is sent).</remarks>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error (errors carry no profile).</exception>
    /// <exception cref="ReqlDriverError">The connection failed, the query is a changefeed, or the result does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="JsonException">The result cannot be deserialized as <typeparamref name="T"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; a running query is stopped.</exception>
    public async Task<ProfiledResult<T>> RunProfiledAsync<T>(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var response = await connection.StartAsync(this, RunOptions.WithProfile(options), cancellationToken).ConfigureAwait(false);
        JsonElement profile;
        try
        {
            profile = ReadProfile(response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        if (response.Type == ResponseType.SuccessAtom)
        {
            try
            {
                return new(ResultReader.ReadAtom(response.Results, ResultReader.GetTypeInfo<T>(connection.JsonOptions),
                    ResultReader.GroupsAreRaw(options)), profile);
            }
            finally
            {
                response.Recycle();
            }
        }
        return new(await ReadOtherAsync<T>(connection, response, cancellationToken).ConfigureAwait(false), profile);
    }

    // A copy: the response's buffer goes back to the pool once its result is read.
    private static JsonElement ReadProfile(Response response)
    {
        var raw = response.Profile;
        if (raw.IsEmpty)
        {
            return EmptyProfile.RootElement;
        }
        // A profile nests as deep as the query's terms: read at any depth (JsonDocument does not recurse).
        using var document = JsonDocument.Parse(raw.ToArray(), new JsonDocumentOptions { MaxDepth = int.MaxValue });
        return document.RootElement.Clone();
    }

    private static readonly JsonDocument EmptyProfile = JsonDocument.Parse("[]");

    /// <summary>The answers of <see cref="RunAsync{T}(Connection, RunOptions?, CancellationToken)"/> other than an atom: sequences, feeds and errors.</summary>
    private async Task<T> ReadOtherAsync<T>(Connection connection, Response response, CancellationToken cancellationToken)
    {
        try
        {
            var info = ResultReader.GetTypeInfo<T>(connection.JsonOptions);
            switch (response.Type)
            {
                case ResponseType.SuccessSequence when !response.IsFeed:
                    if (!ResultReader.CanReadSequence(info))
                    {
                        throw ResultReader.SequenceTargetError<T>();
                    }
                    return ResultReader.ReadSequence(response.Results, info);
                case ResponseType.SuccessPartial or ResponseType.SuccessSequence:
                    if (response.IsFeed)
                    {
                        await connection.StopAsync(response.Token).ConfigureAwait(false);
                        throw new ReqlDriverError("The query is a changefeed, which never ends: run it with RunChangesAsync or RunCursorAsync.");
                    }
                    if (!ResultReader.CanReadSequence(info))
                    {
                        await connection.StopAsync(response.Token).ConfigureAwait(false);
                        throw ResultReader.SequenceTargetError<T>();
                    }
                    return await ReadAllBatchesAsync(connection, response, info, cancellationToken).ConfigureAwait(false);
                default:
                    throw UnexpectedResponse(response);
            }
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>Runs the query and returns its whole result as raw JSON (a sequence becomes a JSON array).</summary>
    /// <remarks>Pseudo-types stay JSON objects, except <c>GROUPED_DATA</c>: see <see cref="RunAsync{T}(Connection, RunOptions?, CancellationToken)"/>.</remarks>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed, or the query is a changefeed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; a running query is stopped.</exception>
    public Task<JsonElement> RunAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default) =>
        RunAsync<JsonElement>(connection, options, cancellationToken);

    /// <summary>
    /// Runs the query and returns a cursor over its rows, each deserialized as <typeparamref name="T"/> when it is
    /// enumerated. Dispose the cursor (<c>await using</c>): disposing it early stops the query on the server.
    /// </summary>
    /// <remarks>Cancelling <paramref name="cancellationToken"/> later, while the cursor is read, also stops the query.</remarks>
    /// <exception cref="ReqlQueryError">The server answered the first batch with a compile or runtime error
    /// (errors of later batches are thrown while enumerating).</exception>
    /// <exception cref="ReqlDriverError">The connection failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<Cursor<T>> RunCursorAsync<T>(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var info = ResultReader.GetTypeInfo<T>(connection.JsonOptions);
        var direct = ResultReader.CanReadRowDirectly(info);
        var response = await connection.StartAsync(this, options, cancellationToken).ConfigureAwait(false);
        var cursor = await CreateCursorAsync(connection, response, (ref Utf8JsonReader reader) => ResultReader.ReadRow(ref reader, info, direct))
            .ConfigureAwait(false);
        return await StartCursorAsync(cursor, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs a changefeed (a query ending in <c>changes()</c>) and returns the stream of its changes. The feed never
    /// ends by itself: dispose the cursor, or cancel <paramref name="cancellationToken"/>, to stop it.
    /// </summary>
    /// <remarks>
    /// Every kind of feed reads the same way (on a table or a selection, a single document, an
    /// <c>orderBy().limit()</c>, a <c>union</c> of feeds). With <c>include_states</c> the state notes
    /// (<c>{"state":"ready"}</c>) arrive as changes whose <see cref="Change{T}.State"/> is set; with
    /// <c>include_types</c> each change carries its <see cref="Change{T}.Type"/>.
    /// </remarks>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed, or the query is not a changefeed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<Cursor<Change<T>>> RunChangesAsync<T>(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var info = ResultReader.GetTypeInfo<T>(connection.JsonOptions);
        var response = await connection.StartAsync(this, options, cancellationToken).ConfigureAwait(false);
        var isError = response.IsError;
        var cursor = await CreateCursorAsync(connection, response, (ref Utf8JsonReader reader) => ChangeReader.Read(ref reader, info))
            .ConfigureAwait(false);
        var isFeed = cursor.IsFeed || isError;
        cursor = await StartCursorAsync(cursor, response, cancellationToken).ConfigureAwait(false);
        if (!isFeed)
        {
            await cursor.DisposeAsync().ConfigureAwait(false);
            throw new ReqlDriverError("The query is not a changefeed: run it with RunCursorAsync or RunAsync.");
        }
        return cursor;
    }

    /// <summary>
    /// Runs a write (<c>insert</c>, <c>update</c>, <c>replace</c>, <c>delete</c>) and returns the server's summary.
    /// Documents that failed are counted in <see cref="WriteResult.Errors"/>, not thrown: call
    /// <see cref="WriteResult.EnsureSuccess"/> to throw <see cref="ReqlWriteError"/> for them.
    /// </summary>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed, or the query did not return a write summary.</exception>
    /// <exception cref="OperationCanceledException">
    /// The token was cancelled. The driver then sends STOP, and the server stops the write where it is: like an
    /// OP_INDETERMINATE error, some documents may have been written. Pass a token only where that is acceptable.
    /// </exception>
    public async Task<WriteResult> RunWriteAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var response = await StartWriteAsync(connection, options, cancellationToken).ConfigureAwait(false);
        return WriteResultReader.Read<JsonElement>(response.Results, changes: null);
    }

    /// <summary>
    /// Runs a write and returns the server's summary with the changed documents as <typeparamref name="T"/> (the
    /// write must ask for them with <c>return_changes</c>).
    /// </summary>
    /// <exception cref="ReqlQueryError">The server answered with a compile or runtime error.</exception>
    /// <exception cref="ReqlDriverError">The connection failed, or the query did not return a write summary.</exception>
    /// <exception cref="JsonException">A changed document cannot be deserialized as <typeparamref name="T"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async Task<WriteResult<T>> RunWriteAsync<T>(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var response = await StartWriteAsync(connection, options, cancellationToken).ConfigureAwait(false);
        var info = ResultReader.GetTypeInfo<T>(connection.JsonOptions);
        return (WriteResult<T>)WriteResultReader.Read(response.Results, info);
    }

    /// <summary>
    /// Sends the query with <c>noreply</c>: the server runs it and answers nothing, so errors are not reported.
    /// Completes when the query was written to the socket. Use <see cref="Connection.NoreplyWaitAsync"/> to wait
    /// until the server has run it.
    /// </summary>
    /// <exception cref="ReqlDriverError">The connection is closed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the query was sent.</exception>
    public async Task RunNoReplyAsync(Connection connection, RunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        cancellationToken.ThrowIfCancellationRequested();
        await connection.StartNoReplyAsync(this, options).ConfigureAwait(false);
    }

    private async Task<Response> StartWriteAsync(Connection connection, RunOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var response = await connection.StartAsync(this, options, cancellationToken).ConfigureAwait(false);
        if (response.Type == ResponseType.SuccessAtom)
        {
            return response;
        }
        try
        {
            if (response.Type is ResponseType.SuccessPartial or ResponseType.SuccessSequence && !response.IsError)
            {
                if (response.Type == ResponseType.SuccessPartial)
                {
                    await connection.StopAsync(response.Token).ConfigureAwait(false);
                }
                throw new ReqlDriverError("The query returned a sequence, not a write result: run it with RunAsync or RunCursorAsync.");
            }
            throw UnexpectedResponse(response);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>
    /// Creates the cursor over a first response. Its notes are parsed then (a large body is parsed lazily past its
    /// results): if that part is broken, the response is released and the query stopped before the error is thrown.
    /// </summary>
    private async ValueTask<Cursor<T>> CreateCursorAsync<T>(Connection connection, Response first, ItemReader<T> read)
    {
        try
        {
            return new Cursor<T>(connection, this, first, read);
        }
        catch (ReqlDriverError)
        {
            var stop = first.Type == ResponseType.SuccessPartial;
            var token = first.Token;
            first.Dispose();
            if (stop)
            {
                await connection.StopAsync(token).ConfigureAwait(false);
            }
            throw;
        }
    }

    private static async Task<Cursor<T>> StartCursorAsync<T>(Cursor<T> cursor, Response first, CancellationToken cancellationToken)
    {
        try
        {
            cursor.Start(first, cancellationToken);
            return cursor;
        }
        catch
        {
            await cursor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task<T> ReadAllBatchesAsync<T>(Connection connection, Response first, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info,
        CancellationToken cancellationToken)
    {
        using var all = new PooledBuffer(first.Results.Length * 4);
        all.Write((byte)'[');
        ResultReader.AppendBatch(all, first.Results);
        var token = first.Token;
        while (true)
        {
            // Cancellation here sends STOP: the multiplexer does it for a CONTINUE in flight.
            using var next = await connection.ContinueAsync(token, cancellationToken).ConfigureAwait(false);
            if (next.IsError)
            {
                throw ResponseErrors.Create(next, this);
            }
            if (next.Type is not (ResponseType.SuccessPartial or ResponseType.SuccessSequence))
            {
                throw UnexpectedResponse(next);
            }
            ResultReader.AppendBatch(all, next.Results);
            if (next.Type == ResponseType.SuccessSequence)
            {
                break;
            }
        }
        all.Write((byte)']');
        return ResultReader.ReadSequence(all.WrittenSpan, info);
    }

    private ReqlError UnexpectedResponse(Response response) =>
        response.IsError ? ResponseErrors.Create(response, this) : new ReqlDriverError($"Unexpected response type {response.Type} to a query.");
}
