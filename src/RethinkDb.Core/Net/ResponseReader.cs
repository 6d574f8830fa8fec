using System.Buffers;
using Microsoft.Extensions.Logging;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// The loop a reader thread runs: takes the response frames of each receive (<see cref="FrameReader"/>), matches
/// each to the query waiting on its token (<see cref="PendingQueries"/>), then has their callers resumed
/// (<see cref="Dispatcher"/>), until the socket closes or the reading is handed to another thread
/// (<see cref="ReaderHandOver"/>).
/// </summary>
internal sealed class ResponseReader
{
    private readonly Multiplexer _owner;
    private readonly FrameReader _frames;
    private readonly PendingQueries _pending;
    private readonly FrameWriter _writer;
    private readonly ReaderHandOver _handOver;
    private readonly ILogger _logger;
    private readonly string _endpoint;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResponseReader(Multiplexer owner, FrameReader frames, PendingQueries pending, Dispatcher dispatcher, FrameWriter writer,
        ILogger logger, string endpoint)
    {
        _owner = owner;
        _frames = frames;
        _pending = pending;
        _writer = writer;
        _logger = logger;
        _endpoint = endpoint;
        _handOver = new ReaderHandOver(dispatcher, StartReaderThread, logger, endpoint);
    }

    /// <summary>Completes (never faults) when the last reader thread has ended: the loop reports through <see cref="Multiplexer.Fail"/>.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The hand-over the watchdog checks.</summary>
    public ReaderHandOver HandOver => _handOver;

    /// <summary>Reads on this thread (the connection's own) until the socket closes; never throws.</summary>
    public void Run() => ReadFromGuarded(generation: 0, leftover: null);

    private void StartReaderThread(int generation, ResponseBatch stuck) =>
        ConnectionThreadPool.Run(() => ReadFromGuarded(generation, stuck));

    /// <summary>
    /// <see cref="ReadFrom"/> on a connection thread (the first reader, which also puts the connection under the
    /// watchdog, or one taking over): nothing may escape a thread, so whatever does fails the connection instead.
    /// </summary>
    private void ReadFromGuarded(int generation, ResponseBatch? leftover)
    {
        try
        {
            if (generation == 0)
            {
                DispatchWatchdog.Watch(_handOver);
            }
            ReadFrom(generation, leftover);
        }
#pragma warning disable CA1031 // An exception escaping a thread ends the process: the connection fails instead.
        catch (Exception ex)
        {
            _owner.Fail(new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex));
        }
#pragma warning restore CA1031
    }

    /// <summary>
    /// The answers a receive may wait for: none while frames are still queued or being written (their flush may be
    /// left to the thread pool, and the answers already in would then be held for the bound, their callers unable to
    /// send); otherwise the waiting queries the server answers as soon as it has run them. With fewer due than a receive
    /// ever waits for (sequential callers), the writer, whose check takes its lock, is not asked.
    /// </summary>
    private int AnswersComing()
    {
        var due = _pending.AnsweringPromptly;
        return due < ReceiveCoalescing.MinimumDue || _writer.HasUnwrittenFrames() ? 0 : due;
    }

    private void ReadFrom(int generation, ResponseBatch? leftover)
    {
        Exception? error = null;
        var replaced = false;
        try
        {
            if (leftover is not null && !_handOver.ResumeBatch(leftover, generation, counted: true))
            {
                replaced = true;
                return;
            }
            while (true)
            {
                var batch = _handOver.Batch;
                ReqlDriverError? broken = null;
                try
                {
                    // The responses before a large frame go to their callers first, not after the large frame is in.
                    while (_frames.TryTakeFrame(mayReceiveLargeFrame: batch.Count == 0, out var token, out var body, out var length))
                    {
                        Match(token, body, length, batch);
                    }
                }
                catch (ReqlDriverError ex) when (batch.Count > 0)
                {
                    // A frame that breaks the connection does not take the answers received before it from their
                    // callers: the connection is marked broken first (so they see it closed), then they resume.
                    _owner.Fail(ex);
                    broken = ex;
                }
                if (batch.Count > 0)
                {
                    if (!_handOver.ResumeBatch(batch, generation, counted: false))
                    {
                        replaced = true;
                        return;
                    }
                    if (broken is not null)
                    {
                        error = broken;
                        break;
                    }
                    continue; // The frames may have stopped before a large one: look again before receiving.
                }
                if (!_frames.Receive(AnswersComing()))
                {
                    error = new ReqlDriverError(_frames.HasPartialFrame
                        ? $"Connection to {_endpoint} closed by the server in the middle of a response frame."
                        : $"Connection to {_endpoint} closed by the server.");
                    break;
                }
            }
        }
        catch (ReqlDriverError ex)
        {
            error = ex;
        }
        catch (Exception ex)
        {
            error = new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex);
        }
        finally
        {
            if (!replaced)
            {
                // After Fail (below, or by whoever closed the socket), so waiters see the connection closed first.
                var reason = error ?? new ReqlDriverError($"Connection to {_endpoint} closed.");
                try
                {
                    _owner.Fail(reason); // logs last: a throwing logger must not skip what follows, or closing would hang
                }
                finally
                {
                    // Responses parsed but not handed over yet (a later frame broke the connection): their callers
                    // are no longer pending, so Fail did not reach them.
                    _handOver.Batch.FailUnclaimed(_owner.ClosedReason ?? reason);
                    DispatchWatchdog.Unwatch(_handOver);
                    _ended.TrySetResult();
                }
            }
        }
    }

    /// <summary>Hands a response body (in a pooled array, now owned by the response) to the query waiting on its token.</summary>
    private void Match(long token, byte[] body, int length, ResponseBatch batch)
    {
        // A waiter is registered just before its frame is queued: a frame for a token not queued yet (the server
        // answering before it was asked, or a token no query has used) must not reach that waiter.
        if (token > _writer.HighestToken || token < _writer.LowestToken)
        {
            ArrayPool<byte>.Shared.Return(body);
            throw new ReqlDriverError(_writer.HighestToken == 0
                ? $"Connection to {_endpoint} closed: protocol error, the server sent a response (token {token}) before the first query."
                : $"Connection to {_endpoint} closed: protocol error, the server sent a response for token {token}, which no query of this connection has used.");
        }
        var waiter = _pending.TryTake(token);
        if (waiter is null)
        {
            // A query cancelled by its caller may still be answered, and a STOP (a cursor closed early) is: a token
            // this connection has used, whose response is dropped.
            ArrayPool<byte>.Shared.Return(body);
            Log.DroppedResponse(_logger, token, _endpoint);
            return;
        }
        Response response;
        try
        {
            response = Response.Parse(token, body, length);
        }
        catch (ReqlDriverError ex)
        {
            // Mark the connection closed before the caller hears of it: whoever catches the error must already
            // see IsOpen false and have every other pending query failed.
            var error = new ReqlDriverError($"Connection to {_endpoint} closed: {ex.Message}", ex);
            _owner.Fail(error);
            waiter.TrySetException(error);
            throw error;
        }
        batch.Add(waiter, response);
    }
}
