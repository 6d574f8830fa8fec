using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>Fills a <see cref="ResponseBatch"/> as the reader does, for the dispatcher's tests.</summary>
internal static class BatchWaiters
{
    /// <summary>
    /// Adds a waiter for <paramref name="token"/> to <paramref name="batch"/>, answered <c>[1]</c>, whose caller runs
    /// <paramref name="continuation"/> when resumed (given the waiter, as the multiplexer has it); without one, nobody awaits it.
    /// </summary>
    public static PendingQuery Add(ResponseBatch batch, long token, Action<PendingQuery>? continuation = null)
    {
        var waiter = PendingQuery.Rent(token, null!, stopOnCancel: false, answersPromptly: true);
        batch.Add(waiter, OneAtomResponse.For(token));
        if (continuation is not null)
        {
            waiter.Task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => continuation(waiter));
        }
        return waiter;
    }
}
