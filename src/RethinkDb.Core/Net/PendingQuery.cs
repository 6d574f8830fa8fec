using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// The waiter for one response: a pooled, reusable <see cref="IValueTaskSource{TResult}"/>, so that a query
/// allocates no Task and no TaskCompletionSource.
/// </summary>
/// <remarks>
/// A response resumes its caller inline on the connection's reader thread (see <see cref="ResponseBatch"/> and
/// <see cref="DispatchWatchdog"/>, which takes the reading over when a caller holds that thread too long). Every
/// other completion (a failure, a cancellation) resumes the caller on the thread pool.
/// </remarks>
internal sealed class PendingQuery : IValueTaskSource<Response>
{
    private static readonly ConcurrentQueue<PendingQuery> Pool = new();
    private const int MaxPooled = 1024;

    private ManualResetValueTaskSourceCore<Response> _core = new() { RunContinuationsAsynchronously = true };
    private int _completed;

    public long Token { get; private set; }

    /// <summary>The multiplexer that sent the query (the cancellation callback's way back to it).</summary>
    public Multiplexer? Owner { get; private set; }

    /// <summary>Whether cancelling sends STOP for the token.</summary>
    public bool StopOnCancel { get; private set; }

    /// <summary>
    /// Whether the server answers as soon as it has run the query (a START, a NOREPLY_WAIT…), not when something else
    /// happens (a changefeed's CONTINUE waits for a change): what <see cref="ReceiveCoalescing"/> counts on.
    /// </summary>
    public bool AnswersPromptly { get; private set; }

    /// <summary>Set by the dispatcher when it left this caller uncounted as resuming: the caller then must not uncount itself.</summary>
    public bool Uncounted { get; set; }

    /// <summary>Set by the dispatcher when it handed this caller off with a counted batch: the caller uncounts itself there too.</summary>
    public HandedOffBatch? HandedOff { get; set; }

    public static PendingQuery Rent(long token, Multiplexer owner, bool stopOnCancel, bool answersPromptly)
    {
        if (!Pool.TryDequeue(out var pending))
        {
            pending = new PendingQuery();
        }
        pending.Token = token;
        pending.Owner = owner;
        pending.StopOnCancel = stopOnCancel;
        pending.AnswersPromptly = answersPromptly;
        return pending;
    }

    /// <summary>
    /// Makes the waiter reusable. The owner calls it after the ValueTask was consumed and the cancellation
    /// registration disposed, so no callback can still see this waiter with its old token.
    /// </summary>
    public void Return()
    {
        _core.Reset(); // every completion sets RunContinuationsAsynchronously for itself
        Token = 0;
        Owner = null;
        Uncounted = false;
        HandedOff = null;
        Volatile.Write(ref _completed, 0);
        if (Pool.Count < MaxPooled)
        {
            Pool.Enqueue(this);
        }
    }

    public ValueTask<Response> Task => new(this, _core.Version);

    /// <summary>Completes the waiter once; later attempts return false (and the caller disposes the response).</summary>
    /// <param name="response">The response.</param>
    /// <param name="runContinuationInline">Resume the waiting caller on this thread (the reader's batch dispatch).</param>
    public bool TrySetResult(Response response, bool runContinuationInline)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }
        _core.RunContinuationsAsynchronously = !runContinuationInline;
        _core.SetResult(response);
        return true;
    }

    public bool TrySetException(Exception error)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }
        _core.RunContinuationsAsynchronously = true;
        _core.SetException(error);
        return true;
    }

    public Response GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
