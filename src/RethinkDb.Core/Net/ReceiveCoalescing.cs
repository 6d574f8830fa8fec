using System.Net.Sockets;

namespace RethinkDb.Net;

/// <summary>
/// Lets the reader's blocking receive wait for several answers instead of waking for each one: while many queries of
/// the connection are due an answer, the kernel is asked (<c>SO_RCVLOWAT</c>) to wake the reader only once there are
/// bytes enough for a quarter of them, and at the latest after <see cref="Bound"/> (<c>SO_RCVTIMEO</c>), when whatever
/// has come is taken.
/// </summary>
/// <remarks>
/// <para>Why: on a busy connection the driver's own work per query is a few microseconds, while each wake-up of the
/// reader and each send costs the kernel about as much again (measured against a real 2.4.4 on two cores: 66 % of the
/// client's CPU in the kernel, a fifth of it switching the reader in). Waking once for several answers also has
/// their callers' next queries go out in one send, so the server takes them in one read too: against the real
/// server the same load ran 1.5 times as fast at half the client CPU per query.</para>
/// <para>What it costs: while more than <see cref="MinimumDue"/> answers are due, an answer that comes alone can wait
/// up to <see cref="Bound"/> (rounded up to the kernel's clock tick, 1–4 ms) for others — only when the other queries
/// are slow, since otherwise the others' answers come within microseconds. Fewer queries in flight (sequential
/// callers, a lightly used connection) are received exactly as before.</para>
/// <para>Only the queries the server answers as soon as it has run them are counted (a changefeed waiting for a change
/// is not). Only plain sockets on Linux: there the low-water mark gates the wake-up itself; TLS records are not
/// answers.</para>
/// </remarks>
internal sealed class ReceiveCoalescing
{
    /// <summary>Answers due before a receive waits for more than the first.</summary>
    internal const int MinimumDue = 16;

    /// <summary>A receive waits for this share of the answers due (a quarter).</summary>
    internal const int ShareDivisor = 4;

    /// <summary>The most answers a receive waits for.</summary>
    internal const int MostAnswers = 64;

    /// <summary>Bytes counted per answer: no answer frame is shorter (a 12-byte header and at least <c>{"t":4}</c>).</summary>
    internal const int SmallestAnswer = 16;

    /// <summary>How long a receive waits at most for the answers it counts on before it takes what has come.</summary>
    internal static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(1);

    private readonly Socket _socket;
    private readonly bool _supported;
    private int _lowWaterMark = 1;

    /// <param name="socket">The connection's socket.</param>
    /// <param name="isPlainSocket">Whether answers are read straight from the socket (not through TLS).</param>
    public ReceiveCoalescing(Socket socket, bool isPlainSocket)
    {
        _socket = socket;
        _supported = isPlainSocket && OperatingSystem.IsLinux() && Enabled;
    }

    /// <summary>Process-wide switch, for the benchmarks' before/after runs; read when a connection opens.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>The bytes the next receive waits for (1: the first byte, as a plain receive).</summary>
    internal int LowWaterMark => _lowWaterMark;

    /// <summary>The low-water mark, in bytes, while <paramref name="answersDue"/> prompt answers are due.</summary>
    internal static int LowWaterMarkFor(int answersDue) =>
        answersDue < MinimumDue ? 1 : Math.Min(answersDue / ShareDivisor, MostAnswers) * SmallestAnswer;

    /// <summary>Before a blocking receive: sets what it waits for.</summary>
    /// <param name="answersDue">Waiting queries the server answers as soon as it has run them.</param>
    /// <param name="partialFrame">
    /// Part of a frame is in: its rest may be all that comes (the last answer), so the receive waits for any byte.
    /// </param>
    public void Prepare(int answersDue, bool partialFrame)
    {
        if (_supported)
        {
            Apply(partialFrame ? 1 : LowWaterMarkFor(answersDue));
        }
    }

    /// <summary>
    /// A receive timed out: if it was waiting for several answers and none came within the bound (the queries due are
    /// slow ones), the next receive waits for any byte; false when the timeout was not this class's.
    /// </summary>
    public bool GiveUp()
    {
        if (_lowWaterMark == 1)
        {
            return false;
        }
        Apply(1);
        return true;
    }

    private void Apply(int lowWaterMark)
    {
        if (lowWaterMark == _lowWaterMark)
        {
            return;
        }
        if (lowWaterMark > 1 != _lowWaterMark > 1)
        {
            // With a low-water mark the wait is bounded; without one a receive waits as long as the connection lives.
            _socket.ReceiveTimeout = lowWaterMark > 1 ? (int)Bound.TotalMilliseconds : 0;
        }
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, lowWaterMark);
        _lowWaterMark = lowWaterMark;
    }
}
