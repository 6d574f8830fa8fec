namespace RethinkDb.Testing;

/// <summary>
/// <see cref="TestServerFault.WrongServerSignature"/>: SCRAM completes with a server signature that does not match the
/// password, as an impostor that accepts any password would send.
/// </summary>
internal sealed class WrongServerSignatureFault : ConnectionFault
{
    public override bool ForgeServerSignature => true;
}
