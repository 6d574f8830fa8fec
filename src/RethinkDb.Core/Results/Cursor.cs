using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// The rows of a query, read batch by batch as they are enumerated (<see cref="ReqlExpr.RunCursorAsync{T}(Connection, RunOptions?, CancellationToken)"/>,
/// <see cref="ReqlExpr.RunChangesAsync{T}(Connection, RunOptions?, CancellationToken)"/>). Enumerate it once with <c>await foreach</c>, and dispose it.
/// </summary>
/// <remarks>
/// <para>The next batch is requested (CONTINUE) as soon as a batch is handed out, so the server fills it while the
/// current one is consumed; at most two batches are held at once. Rows are deserialized one at a time from the
/// batch's raw JSON.</para>
/// <para>Disposing a cursor before the server finished, or cancelling the token given to
/// <see cref="ReqlExpr.RunCursorAsync{T}(Connection, RunOptions?, CancellationToken)"/> or to the enumeration, sends STOP: the server frees the query and the
/// connection forgets its token. Leaving an <c>await foreach</c> early disposes the cursor.</para>
/// <para>An atom result yields one item, except a JSON array, which yields its elements: the server answers some
/// sequence queries (<c>orderBy</c> without an index, <c>r.expr([...])</c>) with an array atom. A changefeed never ends
/// by itself.</para>
/// <para>Enumeration is not thread-safe: one consumer at a time, like any enumerator.</para>
/// </remarks>
/// <typeparam name="T">The type each row is deserialized into.</typeparam>
public sealed class Cursor<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private readonly Connection _connection;
    private readonly ReqlExpr _query;
    private readonly ItemReader<T> _read;
    private readonly long _token;
    private readonly CancellationTokenSource _cts = new();
    private readonly Lock _lock = new();
    private CancellationTokenRegistration _runRegistration;
    private CancellationTokenRegistration _enumerationRegistration;
    private CancellationToken _cancelledBy;

    // The batch being read and where reading stopped inside its "r" array.
    private Response? _batch;
    private long _consumed;
    private JsonReaderState _readerState;

    // The CONTINUE sent ahead for the next batch.
    private ValueTask<Response> _next;
    private bool _hasNext;

    private bool _serverDone;
    private bool _stopSent;
    private bool _enumerated;
    private bool _disposed;
    private Task? _stopTask;

    internal Cursor(Connection connection, ReqlExpr query, Response first, ItemReader<T> read)
    {
        _connection = connection;
        _query = query;
        _read = read;
        _token = first.Token;
        Notes = first.Notes;
        IsFeed = first.IsFeed;
    }

    /// <summary>The query's token on its connection (tests match it with the STOPs a server saw).</summary>
    internal long Token => _token;

    /// <summary>Whether the query is a changefeed (the server marked its first response as a feed).</summary>
    public bool IsFeed { get; }

    /// <summary>The notes of the first response: the kind of changefeed, and whether it includes state notes.</summary>
    public IReadOnlyList<ResponseNote> Notes { get; }

    /// <summary>
    /// Starts reading the first response. Throws the error an error response stands for; the caller then disposes
    /// the cursor.
    /// </summary>
    internal void Start(Response first, CancellationToken runToken)
    {
        Accept(first);
        if (runToken.CanBeCanceled)
        {
            _runRegistration = runToken.UnsafeRegister(static (state, token) => ((Cursor<T>)state!).Cancel(token), this);
        }
    }

    /// <summary>Returns the enumerator. A cursor can be enumerated once: its rows are read from the network.</summary>
    /// <exception cref="InvalidOperationException">The cursor was already enumerated.</exception>
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("A cursor can be enumerated only once: its rows are read from the network.");
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
        _enumerated = true;
        if (cancellationToken.CanBeCanceled)
        {
            _enumerationRegistration = cancellationToken.UnsafeRegister(static (state, token) => ((Cursor<T>)state!).Cancel(token), this);
        }
        return new Enumerator(this);
    }

    /// <summary>
    /// Stops the query on the server if it is still running, and releases the buffers. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _runRegistration.DisposeAsync().ConfigureAwait(false);
        await _enumerationRegistration.DisposeAsync().ConfigureAwait(false);
        if (_hasNext && _next.IsCompleted)
        {
            // The answer to the CONTINUE sent ahead is already here: when it is the last batch, no STOP is needed.
            await ObserveNextAsync().ConfigureAwait(false);
        }
        StopOnce();
        // Dropping the waiter of a CONTINUE still out frees the token at once (the STOP above ends the query).
        await _cts.CancelAsync().ConfigureAwait(false);
        if (_hasNext)
        {
            await ObserveNextAsync().ConfigureAwait(false);
        }
        _batch?.Dispose();
        _batch = null;
        if (_stopTask is not null)
        {
            try
            {
                await _stopTask.ConfigureAwait(false);
            }
            catch (ReqlDriverError)
            {
                // The connection closed meanwhile: the query went with it.
            }
        }
        _cts.Dispose();
    }

    private async ValueTask ObserveNextAsync()
    {
        _hasNext = false;
        try
        {
            using var response = await _next.ConfigureAwait(false);
            if (response.Type != ResponseType.SuccessPartial)
            {
                MarkServerDone();
            }
        }
        catch (OperationCanceledException)
        {
            // Dropped by us.
        }
        catch (ReqlError)
        {
            // The CONTINUE failed on our side (a closed connection, a returned pool handle): the server may still
            // hold the query, so the STOP is still sent where a connection is left to send it.
        }
    }

    private ValueTask<bool> MoveNextAsync()
    {
        // The common case, another row of the batch in hand: no async state machine per row.
        if (_batch is not null && !_disposed && !_cts.IsCancellationRequested)
        {
            try
            {
                if (TryReadNext(out var item))
                {
                    Current = item;
                    return new ValueTask<bool>(true);
                }
            }
            catch (Exception ex)
            {
                return ValueTask.FromException<bool>(ex); // in the task, as from the async path
            }
        }
        return MoveNextSlowAsync();
    }

    private async ValueTask<bool> MoveNextSlowAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            ThrowIfCancelled();
            if (_batch is not null)
            {
                if (TryReadNext(out var item))
                {
                    Current = item;
                    return true;
                }
                _batch.Dispose();
                _batch = null;
            }
            if (!_hasNext)
            {
                return false;
            }
            Response response;
            try
            {
                _hasNext = false;
                response = await _next.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                ThrowIfCancelled();
                throw;
            }
            Accept(response);
        }
    }

    internal T Current { get; private set; } = default!;

    private void ThrowIfCancelled()
    {
        if (_cts.IsCancellationRequested)
        {
            throw new OperationCanceledException("The cursor was cancelled; the query was stopped.", _cancelledBy);
        }
    }

    /// <summary>Takes a response as the current batch, or throws the error it stands for.</summary>
    private void Accept(Response response)
    {
        if (response.IsError)
        {
            MarkServerDone();
            ReqlError error;
            try
            {
                error = ResponseErrors.Create(response, _query);
            }
            finally
            {
                response.Dispose();
            }
            throw error;
        }
        switch (response.Type)
        {
            case ResponseType.SuccessPartial:
                // The next batch is asked for first: the server prepares it while this one is decoded.
                SendContinue();
                Begin(response, atom: false);
                break;
            case ResponseType.SuccessSequence:
                MarkServerDone();
                Begin(response, atom: false);
                break;
            case ResponseType.SuccessAtom:
                MarkServerDone();
                Begin(response, atom: true);
                break;
            default:
                MarkServerDone();
                var type = response.Type;
                response.Dispose();
                throw new ReqlDriverError($"Unexpected response type {type} to a query.");
        }
    }

    // The levels a row sits in: the results array, and an array atom's own (set by Begin for each batch).
    private int _rowEnclosingLevels = 1;

    private void Begin(Response response, bool atom)
    {
        _batch = response;
        // Rows as deep as the caller's options allow, inside the results array and an array atom's (see ResponseDepth).
        _rowEnclosingLevels = atom ? 2 : 1;
        var reader = new Utf8JsonReader(response.ResultsAndRest, ResponseDepth.Values(_connection.JsonOptions, _rowEnclosingLevels));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw InvalidResponse.Create("the results are not an array.", token: response.Token);
        }
        _consumed = reader.BytesConsumed;
        _readerState = reader.CurrentState;
        if (atom && reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            // An array atom: its elements are the rows; the outer array's end is never reached.
            _consumed = reader.BytesConsumed;
            _readerState = reader.CurrentState;
        }
    }

    private bool TryReadNext(out T item)
    {
        try
        {
            return TryReadNextOnce(out item);
        }
        catch (Exception ex) when (InvalidResponse.IsInvalidResponse(ex) && _batch!.TryReplaceEncodedSurrogates())
        {
            // A large batch is checked only as it is read: lone surrogates the server encodes (EncodedSurrogates)
            // are found here, made readable, and the row read again from where it started.
            return TryReadNextOnce(out item);
        }
    }

    private bool TryReadNextOnce(out T item)
    {
        var results = _batch!.ResultsAndRest;
        var reader = new Utf8JsonReader(results[(int)_consumed..], isFinalBlock: true, _readerState);
        var rowDepth = 0;
        try
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                item = default!;
                return false;
            }
            rowDepth = reader.CurrentDepth;
            item = _read(ref reader);
        }
        catch (JsonException ex)
        {
            // A large batch is checked only as it is read: invalid JSON here is the server's fault, not the type's.
            throw InvalidResponse.Classify(ex, results[(int)_consumed..], _connection.JsonOptions,
                ResponseDepth.ValueLimit(_connection.JsonOptions) + _rowEnclosingLevels - rowDepth);
        }
        _consumed += reader.BytesConsumed;
        _readerState = reader.CurrentState;
        return true;
    }

    private void SendContinue()
    {
        lock (_lock)
        {
            if (_stopSent || _cts.IsCancellationRequested)
            {
                return;
            }
        }
        // stopOnCancel: false — this cursor sends STOP itself (StopOnce), so it is sent exactly once even when the
        // cancellation comes before the CONTINUE reached the socket.
#pragma warning disable CA2012 // Kept to be awaited exactly once, by MoveNextAsync or DisposeAsync: that is the read-ahead.
        try
        {
            _next = _connection.ContinueAsync(_token, stopOnCancel: false, _cts.Token);
        }
        catch (ReqlDriverError ex)
        {
            // The connection refused at once (closed, or a pooled handle returned): the rows of the current batch
            // are still handed out; the error comes when the next batch is needed.
            _next = ValueTask.FromException<Response>(ex);
        }
#pragma warning restore CA2012
        _hasNext = true;
    }

    private void MarkServerDone()
    {
        lock (_lock)
        {
            _serverDone = true;
        }
    }

    private void Cancel(CancellationToken token)
    {
        _cancelledBy = token;
        // Cancelled first, STOP second: sending the STOP flushes the CONTINUE sent ahead too, and a quick server
        // answers that CONTINUE with the empty SUCCESS_SEQUENCE of an interrupted stream at once. Were the waiter
        // still there, it would take that answer as the end of the rows and the enumeration would end normally
        // instead of throwing the cancellation.
        _cts.Cancel();
        StopOnce();
    }

    private void StopOnce()
    {
        lock (_lock)
        {
            if (_serverDone || _stopSent)
            {
                return;
            }
            _stopSent = true;
        }
        try
        {
            _stopTask = _connection.StopAsync(_token).AsTask();
        }
        catch (ReqlDriverError)
        {
            // The connection closed: the server dropped the query with it.
        }
    }

    private sealed class Enumerator(Cursor<T> cursor) : IAsyncEnumerator<T>
    {
        public T Current => cursor.Current;

        public ValueTask<bool> MoveNextAsync() => cursor.MoveNextAsync();

        public ValueTask DisposeAsync() => cursor.DisposeAsync();
    }
}

/// <summary>Reads one row at the reader's current token and leaves the reader on the row's last token.</summary>
internal delegate T ItemReader<out T>(ref Utf8JsonReader reader);
