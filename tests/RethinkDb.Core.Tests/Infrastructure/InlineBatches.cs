using System.Net.Sockets;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>
/// Dispatcher tests' plumbing: a writer over a stream that counts what it gets, a batch resumed inline, and a reader
/// stuck in a continuation that the watchdog takes over.
/// </summary>
internal static class InlineBatches
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>A writer over <paramref name="stream"/> (the socket only carries the send timeout).</summary>
    public static FrameWriter Writer(Socket socket, Stream stream) =>
        new(socket, stream, isPlainSocket: false, TimeSpan.FromSeconds(1), "example:28015", _ => { });

    /// <summary>Resumes a batch of <paramref name="count"/> responses inline, each continuation running <paramref name="continuation"/>.</summary>
    public static void ResumeBatch(Dispatcher dispatcher, int count, Action<long> continuation)
    {
        var batch = new ResponseBatch();
        for (var i = 1; i <= count; i++)
        {
            var token = i;
            BatchWaiters.Add(batch, token, _ => continuation(token));
        }
        dispatcher.CountResuming(batch);
        dispatcher.Resume(batch);
    }

    /// <summary>
    /// Resumes <paramref name="batch"/> on a reader thread of <paramref name="handOver"/> until one of its continuations
    /// blocks (it sets <paramref name="blocked"/>, then waits for <paramref name="release"/>, as a sync-over-async caller
    /// waits for its answer), lets the watchdog see no progress and take the reader over, and waits for
    /// <paramref name="sent"/>; then releases the continuation and joins the reader.
    /// </summary>
    /// <returns>Whether <paramref name="sent"/> came true while the continuation was still blocked.</returns>
    public static bool TakeOverStuckReader(ReaderHandOver handOver, ResponseBatch batch, ManualResetEventSlim blocked,
        ManualResetEventSlim release, Func<bool> sent)
    {
        var reader = new Thread(() => handOver.ResumeBatch(batch, generation: 0, counted: false)) { IsBackground = true };
        reader.Start();
        if (!blocked.Wait(Deadline))
        {
            throw new TimeoutException("no continuation of the batch blocked");
        }

        handOver.CheckReaderProgress(); // sees the caller's progress
        handOver.CheckReaderProgress(); // no progress since: takes over
        var sentWhileBlocked = SpinWait.SpinUntil(sent, Deadline);
        release.Set();
        if (!reader.Join(Deadline))
        {
            throw new TimeoutException("the reader did not finish the batch once its continuation was released");
        }
        return sentWhileBlocked;
    }
}
