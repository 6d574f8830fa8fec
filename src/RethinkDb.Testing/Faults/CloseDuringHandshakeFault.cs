namespace RethinkDb.Testing;

/// <summary><see cref="TestServerFault.CloseDuringHandshake"/>: the connection closes once the magic number is read.</summary>
internal sealed class CloseDuringHandshakeFault : ConnectionFault
{
    public override bool CloseAfterMagic => true;
}
