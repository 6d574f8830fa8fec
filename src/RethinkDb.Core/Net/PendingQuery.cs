using System.Collections.Concurrent;
using System.Threading.Tasks.Sources;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// The waiter for one response: a pooled, reusable <see cref="IValueTaskSource{TResult}"/>, so that a query
/// allocates no Task and no TaskCompletionSource.
/// </summary>
/// <remarks>
/// Continuations always run asynchronously: the reader loop that completes a waiter must never run user code,
/// or one slow caller would stall every other query on the connection.
/// </remarks>
internal sealed class PendingQuery : IValueTaskSource<Response>
{
    private static readonly ConcurrentQueue<PendingQuery> Pool = new();
    private const int MaxPooled = 1024;

    private ManualResetValueTaskSourceCore<Response> _core = new() { RunContinuationsAsynchronously = true };
    private int _completed;

    public long Token { get; private set; }

    public static PendingQuery Rent(long token)
    {
        if (!Pool.TryDequeue(out var pending))
        {
            pending = new PendingQuery();
        }
        pending.Token = token;
        return pending;
    }

    public ValueTask<Response> Task => new(this, _core.Version);

    /// <summary>Completes the waiter once; later attempts return false (and the caller disposes the response).</summary>
    public bool TrySetResult(Response response)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }
        _core.SetResult(response);
        return true;
    }

    public bool TrySetException(Exception error)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }
        _core.SetException(error);
        return true;
    }

    public Response GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // The ValueTask is consumed exactly once; after that the waiter can serve another query.
            _core.Reset();
            Token = 0;
            Volatile.Write(ref _completed, 0);
            if (Pool.Count < MaxPooled)
            {
                Pool.Enqueue(this);
            }
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
