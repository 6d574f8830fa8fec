using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>A stream that counts the writes it gets and the frames in them (frames of <see cref="QueryEncoder.Simple"/>).</summary>
/// <param name="onWrite">Run on every write, before it is counted (a test's clock standing for a slow send).</param>
internal sealed class CountingStream(Action? onWrite = null) : Stream
{
    private int _writes;
    private long _bytes;

    public int Writes => Volatile.Read(ref _writes);

    // Every frame here is a CONTINUE: a 12-byte header and the body "[2]".
    public long Frames => Interlocked.Read(ref _bytes) / 15;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        onWrite?.Invoke();
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _bytes, buffer.Length);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
