using System.Diagnostics.CodeAnalysis;
using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// The responses of one receive, matched to their waiters, whose callers <see cref="Dispatcher"/> resumes one after
/// another. Several threads may claim from it at once (the reader and, when one caller holds the
/// reader too long, the thread that takes over): each item is claimed exactly once.
/// </summary>
internal sealed class ResponseBatch
{
    private PendingQuery?[] _waiters = new PendingQuery?[16];
    private Response?[] _responses = new Response?[16];
    private int _count;
    private int _next;

    public int Count => _count;

    /// <summary>
    /// Whether the batch's callers were left uncounted as resuming (handed off, in a small batch). Set once by the
    /// reader that starts dispatching it, before any item is claimed; a reader taking the batch over sees the same.
    /// </summary>
    public bool Uncounted { get; set; }

    /// <summary>
    /// The count of this batch's callers still to resume when they are handed to the thread pool (counted, not in a
    /// small batch); null when they resume inline or uncounted. Set with <see cref="Uncounted"/>.
    /// </summary>
    public HandedOffBatch? HandedOff { get; set; }

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
        Uncounted = false;
        HandedOff = null;
        _count = 0;
        _next = 0;
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
    public bool TryClaim([NotNullWhen(true)] out PendingQuery? waiter, [NotNullWhen(true)] out Response? response)
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
