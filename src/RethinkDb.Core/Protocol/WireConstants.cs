namespace RethinkDb.Protocol;

/// <summary>Magic numbers and fixed sizes of the wire protocol (ql2.proto <c>VersionDummy</c>, server.cc).</summary>
internal static class WireConstants
{
    public const uint MagicV0_4 = 0x400c2d20;
    public const uint MagicV1_0 = 0x34c2bdc3;
    public const uint ProtocolJson = 0x7e6970c7;

    /// <summary>Token (int64) + length (int32), both little-endian.</summary>
    public const int FrameHeaderSize = 12;

    /// <summary>The server reads at most this many bytes of one handshake message (including the NUL).</summary>
    public const int MaxHandshakeMessage = 2048;

    /// <summary>The server answers CLIENT_ERROR to a query body this large or larger, then closes the connection.</summary>
    public const int MaxQuerySize = 128 * 1024 * 1024;

    /// <summary>The server runs at most this many queries of one V0_4/V1_0 connection at once.</summary>
    public const int MaxConcurrentQueries = 1024;
}
