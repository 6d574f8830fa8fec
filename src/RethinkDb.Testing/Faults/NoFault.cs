namespace RethinkDb.Testing;

/// <summary><see cref="TestServerFault.None"/>: a healthy server.</summary>
internal sealed class NoFault : ConnectionFault
{
    public static NoFault Instance { get; } = new();
}
