namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// Hands out connections from the host's <see cref="RethinkDbDataSource"/> for the current scope (one HTTP
/// request, or a scope a worker creates). Registered as a scoped service by <c>AddRethinkDb</c>.
/// </summary>
/// <example>
/// <code>
/// await using var conn = await factory.OpenAsync(ct);
/// var hero = await R.Table("heroes").Get(id).RunAsync&lt;Hero&gt;(conn, cancellationToken: ct);
/// </code>
/// </example>
public interface IRethinkDbConnectionFactory
{
    /// <summary>
    /// Returns a connection that shares a pooled, multiplexed socket. Disposing it returns it to the pool (it never
    /// closes the socket); connections still out when the scope ends are returned then. <see cref="Connection.Use"/>
    /// on it changes only this connection's default database.
    /// </summary>
    /// <exception cref="ReqlDriverError">No connection could be opened (<see cref="ReqlAuthError"/>,
    /// <see cref="ReqlTimeoutError"/> are subclasses).</exception>
    /// <exception cref="ObjectDisposedException">The scope has ended.</exception>
    ValueTask<Connection> OpenAsync(CancellationToken cancellationToken = default);
}
