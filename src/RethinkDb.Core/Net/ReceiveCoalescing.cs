using System.Diagnostics;
using System.Net.Sockets;
using System.Numerics;

namespace RethinkDb.Net;

/// <summary>
/// Lets the reader's blocking receive wait for several answers instead of waking for each one, while they stream in:
/// with many queries of the connection due an answer, the kernel is asked (<c>SO_RCVLOWAT</c>) to wake the reader only
/// once there are bytes enough for several of them, and at the latest after <see cref="Bound"/> (<c>SO_RCVTIMEO</c>),
/// when whatever has come is taken.
/// </summary>
/// <remarks>
/// <para>Why: on a busy connection the driver's own work per query is a few microseconds, while each wake-up of the
/// reader and each send costs the kernel about as much again (measured against a real 2.4.4 on two cores: 66 % of the
/// client's CPU in the kernel, a fifth of it switching the reader in). Waking once for several answers also has
/// their callers' next queries go out in one send, so the server takes them in one read too.</para>
/// <para>When: only while answers stream in — the last receive took at most <see cref="StreamingGap"/> per answer it
/// waited for — and at least <see cref="MinimumDue"/> are due; then a receive waits for a quarter of them (rounded down
/// to a power of two, at most <see cref="MostAnswers"/>). A connection whose answers come further apart (a slow
/// server, slow queries, a lightly used connection) and one with fewer answers due (sequential callers) receive as
/// before, waking for the first byte.</para>
/// <para>What it costs: an answer can wait for the others of its receive, a few dozen answers' gaps of at most
/// <see cref="StreamingGap"/> each, while the connection holds many more queries than that in flight (whose own wait is
/// longer still); at worst, when answers suddenly stop coming, <see cref="Bound"/> rounded up to the kernel's clock tick
/// (1–4 ms), once, before the receives are plain again.</para>
/// <para>Only the queries the server answers as soon as it has run them are counted (a changefeed waiting for a change
/// is not). Only on Linux, where the low-water mark gates the wake-up itself. Through TLS too: an answer's record on
/// the wire is longer than the answer, so the bytes counted per answer still never wait for more answers than
/// counted; a receive that times out below TLS is retried by the socket's stream
/// (<see cref="BlockingNetworkStream.Coalescing"/>), and the rest of a record cut by an earlier receive, if that
/// is all that comes, is taken once the bound has passed, like an answer that comes alone.</para>
/// </remarks>
internal sealed class ReceiveCoalescing
{
    /// <summary>Answers due before a receive may wait for more than the first.</summary>
    internal const int MinimumDue = 16;

    /// <summary>A receive waits for this share of the answers due (a quarter, rounded down to a power of two).</summary>
    internal const int ShareDivisor = 4;

    /// <summary>The most answers a receive waits for.</summary>
    internal const int MostAnswers = 64;

    /// <summary>Bytes counted per answer: no answer frame is shorter (a 12-byte header and at least <c>{"t":4}</c>).</summary>
    internal const int SmallestAnswer = 16;

    /// <summary>The longest time per answer a receive may take for answers to count as streaming in.</summary>
    internal static readonly TimeSpan StreamingGap = TimeSpan.FromMicroseconds(250);

    /// <summary>How long a receive waits at most for the answers it counts on before it takes what has come.</summary>
    internal static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(1);

    private readonly Socket _socket;
    private readonly bool _supported;
    private readonly Func<long> _clock;
    private readonly long _gapTicks;
    private int _lowWaterMark = 1;
    private int _answersWaitedFor = 1;
    private bool _streaming;
    private long _receiveStarted;

    /// <param name="socket">The connection's socket.</param>
    /// <param name="clock">Timestamps in <see cref="Stopwatch"/> ticks; <see langword="null"/> for <see cref="Stopwatch.GetTimestamp"/> (tests pass their own).</param>
    public ReceiveCoalescing(Socket socket, Func<long>? clock = null)
    {
        _socket = socket;
        _supported = OperatingSystem.IsLinux() && Enabled;
        _clock = clock ?? Stopwatch.GetTimestamp;
        _gapTicks = (long)(StreamingGap.TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>
    /// The <see cref="AppContext"/> switch that turns coalescing off for the connections opened after it is set:
    /// <c>AppContext.SetSwitch("RethinkDb.DisableReceiveCoalescing", true)</c> at startup, or a
    /// <c>RuntimeHostConfigurationOption</c> item in the project file. A documented way back to waking for every
    /// answer, for an application that measures its own latency better without (and for the benchmarks' before/after
    /// runs of one build); not a setting to tune.
    /// </summary>
    internal const string DisableSwitch = "RethinkDb.DisableReceiveCoalescing";

    /// <summary>Whether a connection opened now may coalesce: the switch is read as each connection opens.</summary>
    internal static bool Enabled => !(AppContext.TryGetSwitch(DisableSwitch, out var disabled) && disabled);

    /// <summary>The bytes the next receive waits for (1: the first byte, as a plain receive).</summary>
    internal int LowWaterMark => _lowWaterMark;

    /// <summary>Before a blocking receive: sets what it waits for.</summary>
    /// <param name="answersDue">Waiting queries the server answers as soon as it has run them.</param>
    /// <param name="partialFrame">
    /// Part of a frame is in: its rest may be all that comes (the last answer), so the receive waits for any byte.
    /// </param>
    public void Prepare(int answersDue, bool partialFrame)
    {
        if (!_supported)
        {
            return;
        }
        // Powers of two, so that a count of answers due that moves by a few does not change the socket option each time.
        _answersWaitedFor = _streaming && !partialFrame && answersDue >= MinimumDue
            ? Math.Min(1 << BitOperations.Log2((uint)(answersDue / ShareDivisor)), MostAnswers)
            : 1;
        Apply(_answersWaitedFor > 1 ? _answersWaitedFor * SmallestAnswer : 1);
        _receiveStarted = _clock();
    }

    /// <summary>A receive returned bytes: whether it took long per answer it waited for decides the next one.</summary>
    public void Received()
    {
        if (_supported)
        {
            _streaming = _clock() - _receiveStarted <= _gapTicks * _answersWaitedFor;
        }
    }

    /// <summary>
    /// A receive failed with <paramref name="failure"/>: if that is the bound of a receive waiting for several answers,
    /// none of which came (the queries due are slow ones), the next receive waits for any byte and the caller receives
    /// again; false when the failure is not this class's (a real error, or a timeout while waiting for any byte).
    /// </summary>
    public bool GiveUp(SocketException failure)
    {
        if (failure.SocketErrorCode is not (SocketError.TimedOut or SocketError.WouldBlock) || _lowWaterMark == 1)
        {
            return false;
        }
        _streaming = false;
        _answersWaitedFor = 1;
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
