namespace RethinkDb.Testing;

/// <summary><see cref="TestServerFault.AcceptAndStall"/>: the TCP connection is accepted, and nothing more happens.</summary>
internal sealed class AcceptAndStallFault : ConnectionFault
{
    public override bool StallsBeforeHandshake => true;
}
