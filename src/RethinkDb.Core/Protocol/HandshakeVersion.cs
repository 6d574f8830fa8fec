namespace RethinkDb;

#pragma warning disable CA1707 // V1_0 and V0_4 are the protocol's own names (ql2.proto VersionDummy)

/// <summary>Which handshake the driver speaks when it opens a connection.</summary>
public enum HandshakeVersion
{
    /// <summary>
    /// V1_0 (RethinkDB 2.3 and later): SCRAM-SHA-256 with a user and password; the server proves it knows
    /// the password too. The default.
    /// </summary>
    V1_0 = 0,

    /// <summary>
    /// V0_4 (servers older than 2.3): the auth key is sent in the clear. Refused over a connection that is
    /// neither TLS nor loopback unless <see cref="ConnectionOptions.AllowPlaintextAuthKey"/> is set.
    /// </summary>
    V0_4 = 1,
}
