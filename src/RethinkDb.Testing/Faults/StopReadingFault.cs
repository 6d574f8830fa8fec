namespace RethinkDb.Testing;

/// <summary>
/// <see cref="TestServerFault.StopReading"/>: after the handshake nothing more is read, so once the socket buffers
/// fill, the client's writes block (a server stuck or gone without closing).
/// </summary>
internal sealed class StopReadingFault : ConnectionFault
{
    public override bool StopsReadingQueries => true;
}
