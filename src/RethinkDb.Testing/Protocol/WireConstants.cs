namespace RethinkDb.Testing;

/// <summary>
/// Magic numbers and fixed sizes of the wire protocol as the server side sees them (ql2.proto <c>VersionDummy</c>,
/// <c>src/client_protocol/server.cc</c> of RethinkDB 2.4.4).
/// </summary>
internal static class WireConstants
{
    /// <summary><c>VersionDummy.V0_4</c>: the legacy handshake, an auth key in the clear.</summary>
    public const uint MagicV0_4 = 0x400c2d20;

    /// <summary><c>VersionDummy.V1_0</c>: the SCRAM-SHA-256 handshake.</summary>
    public const uint MagicV1_0 = 0x34c2bdc3;

    /// <summary><c>VersionDummy.Protocol.JSON</c>: the only query protocol a V0_4 client may ask for.</summary>
    public const uint ProtocolJson = 0x7e6970c7;

    /// <summary>Token (int64) + length (int32), both little-endian.</summary>
    public const int FrameHeaderSize = 12;

    /// <summary>The server reads at most this many bytes of one handshake message (including the NUL).</summary>
    public const int MaxHandshakeMessage = 2048;

    /// <summary>The server answers CLIENT_ERROR to a query body this large or larger, then closes the connection.</summary>
    public const int MaxQuerySize = 128 * 1024 * 1024;
}
