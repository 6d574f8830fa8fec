using System.Diagnostics.CodeAnalysis;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// The responses of one receive, matched to their waiters, whose callers resume one after another on the thread
/// that runs <see cref="Resume"/>. Several threads may run it at once (the reader and, when one caller holds the
/// reader too long, the thread that takes over): each item is claimed exactly once.
/// </summary>
internal sealed class ResponseBatch
{
    // A caller given a large response (a cursor's batch) spends long on it, decoding documents: it resumes on the
    // thread pool, so the reader goes on receiving the next batch meanwhile instead of waiting for the decoding or
    // for the watchdog. One hand-off per large response costs nothing next to its decoding.
    private const int InlineResumeLimit = 32 * 1024;

    private PendingQuery?[] _waiters = new PendingQuery?[16];
    private Response?[] _responses = new Response?[16];
    private int _count;
    private int _next;

    public int Count => _count;

    public void Add(PendingQuery waiter, Response response)
    {
        if (_count == _waiters.Length)
        {
            Array.Resize(ref _waiters, _count * 2);
            Array.Resize(ref _responses, _count * 2);
        }
        _waiters[_count] = waiter;
        _responses[_count] = response;
        _count++;
    }

    /// <summary>Empties a batch that every claimer has finished with, for the next receive.</summary>
    public void Clear()
    {
        _count = 0;
        _next = 0;
    }

    /// <summary>
    /// Resumes the callers of the unclaimed items, each inline on this thread, telling <paramref name="owner"/>
    /// before each one (the watchdog's sign of progress).
    /// </summary>
    /// <returns>The number of responses whose waiter was already completed (never expected: a cancellation or failure only completes waiters still registered, and a batch's are not; kept as a guard), now disposed.</returns>
    public int Resume(Multiplexer owner)
    {
        var dropped = 0;
        while (TryClaim(out var waiter, out var response))
        {
            owner.MarkProgress();
            if (!waiter.TrySetResult(response, runContinuationInline: owner.ResumeOnReaderThread && response.Body.Length <= InlineResumeLimit))
            {
                response.Dispose();
                dropped++;
            }
        }
        return dropped;
    }

    /// <summary>Fails the callers of the items nobody claimed (the connection broke before they were resumed).</summary>
    public void FailUnclaimed(Exception reason)
    {
        while (TryClaim(out var waiter, out var response))
        {
            waiter.TrySetException(reason);
            response.Dispose();
        }
    }

    /// <summary>Claims the next item, once across every thread; the batch lets go of it.</summary>
    private bool TryClaim([NotNullWhen(true)] out PendingQuery? waiter, [NotNullWhen(true)] out Response? response)
    {
        while (true)
        {
            var i = Interlocked.Increment(ref _next) - 1;
            if (i >= _count)
            {
                waiter = null;
                response = null;
                return false;
            }
            waiter = _waiters[i];
            response = _responses[i];
            _waiters[i] = null;
            _responses[i] = null;
            if (waiter is not null && response is not null)
            {
                return true;
            }
            // Never expected (every item is claimed once); a reused batch must not crash a reader.
        }
    }
}
