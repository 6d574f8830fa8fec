using System.Buffers.Binary;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Floor;

/// <summary>
/// The floor clients' whole response handling: counts complete response frames by their length prefix, skipping
/// the bodies unread (a body may span receives), and keeps a partial header for the next receive.
/// </summary>
internal sealed class ResponseFrameCounter
{
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _start, _end;
    private long _skip; // bytes of a response body still to skip (a body longer than what was received)

    /// <summary>Where the next receive goes.</summary>
    public Memory<byte> Free => _buffer.AsMemory(_end);

    /// <summary>Takes <paramref name="count"/> bytes received into <see cref="Free"/>.</summary>
    /// <returns>How many response frames they completed.</returns>
    public int Received(int count)
    {
        if (count == 0)
        {
            throw new IOException("The server closed the connection.");
        }
        _end += count;
        var frames = 0;
        while (true)
        {
            if (_skip > 0)
            {
                var take = (int)Math.Min(_skip, _end - _start);
                _skip -= take;
                _start += take;
                if (_skip > 0)
                {
                    break;
                }
                frames++;
                continue;
            }
            if (_end - _start < WireConstants.FrameHeaderSize)
            {
                break;
            }
            var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start + 8));
            _start += WireConstants.FrameHeaderSize;
            _skip = length;
            if (length == 0)
            {
                frames++;
            }
        }
        // Keep the unread bytes (at most a partial header) at the front of the buffer.
        var left = _end - _start;
        if (left > 0)
        {
            _buffer.AsSpan(_start, left).CopyTo(_buffer);
        }
        _start = 0;
        _end = left;
        return frames;
    }
}
