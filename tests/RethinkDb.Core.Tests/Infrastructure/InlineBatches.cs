using System.Net.Sockets;
using RethinkDb.Net;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>Dispatcher tests' plumbing: a writer over a stream that counts what it gets, and a batch resumed inline.</summary>
internal static class InlineBatches
{
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
}
