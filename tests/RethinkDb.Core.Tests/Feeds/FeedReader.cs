namespace RethinkDb.Core.Tests.Feeds;

/// <summary>
/// A feed's enumerator that a test can dispose at any time: if a move is still pending (the test gave up waiting
/// for it), disposing cancels it and waits for it to end before disposing the feed's own enumerator, so the test
/// fails with the timeout it hit rather than with the enumerator's complaint about being disposed mid-move.
/// </summary>
internal sealed class FeedReader<T> : IAsyncEnumerator<T>
{
    /// <summary>How long disposing waits for a cancelled move to end before leaving the enumerator undisposed.</summary>
    private static readonly TimeSpan CancelledMoveBound = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cancel = new();
    private readonly IAsyncEnumerator<T> _rows;
    private Task<bool>? _move;

    public FeedReader(IAsyncEnumerable<T> feed) => _rows = feed.GetAsyncEnumerator(_cancel.Token);

    public T Current => _rows.Current;

    public ValueTask<bool> MoveNextAsync()
    {
        if (_move is { IsCompleted: false })
        {
            throw new InvalidOperationException("The test asked for the next element while the previous one is still awaited.");
        }
        _move = _rows.MoveNextAsync().AsTask();
        return new ValueTask<bool>(_move);
    }

    public async ValueTask DisposeAsync()
    {
        if (_move is { IsCompleted: false } pending)
        {
            await _cancel.CancelAsync();
            var ended = await Task.WhenAny(pending, Task.Delay(CancelledMoveBound)) == pending;
            if (!ended)
            {
                // The test has already failed on its own wait; an enumerator that ignores cancellation is left as it is.
                return;
            }
            _ = pending.Exception; // observed: its failure, if any, is the cancellation the test asked for
        }
        await _rows.DisposeAsync();
        _cancel.Dispose();
    }
}
