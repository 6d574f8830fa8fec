namespace RethinkDb;

/// <summary>The <c>auth</c> optarg of <c>r.http</c>: credentials sent to the remote server.</summary>
/// <remarks>The password is not shown by <see cref="ToString"/>.</remarks>
/// <param name="User">The user name.</param>
/// <param name="Password">The password.</param>
/// <param name="Type">The scheme (basic by default).</param>
public sealed record HttpAuth(string User, string Password, HttpAuthType Type = HttpAuthType.Basic)
{
    /// <summary>The scheme and user, never the password.</summary>
    public override string ToString() => $"{Type} auth for {User}";

    internal Dictionary<string, object?> ToWire() => new()
    {
        ["type"] = OptArgCollector.WireName(Type),
        ["user"] = User,
        ["pass"] = Password,
    };
}
