namespace RethinkDb.Extensions.Hosting;

/// <summary>
/// The scoped <see cref="IRethinkDbConnectionFactory"/>: a thin wrapper over the <see cref="RethinkDbDataSource"/>
/// that returns the handles still out when the scope is disposed, so a forgotten <c>await using</c> does not leak a
/// lease. (Returning a handle twice is harmless, so handles returned early simply stay listed until then.)
/// </summary>
internal sealed class RethinkDbConnectionFactory(RethinkDbDataSource dataSource) : IRethinkDbConnectionFactory, IAsyncDisposable, IDisposable
{
    private readonly Lock _lock = new();
    private List<Connection>? _out = [];

    public async ValueTask<Connection> OpenAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_out is null, this);
        }
        var handle = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            if (_out is not null)
            {
                _out.Add(handle);
                return handle;
            }
        }
        // The scope ended while the connection was opening.
        await handle.DisposeAsync().ConfigureAwait(false);
        throw new ObjectDisposedException(nameof(RethinkDbConnectionFactory));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var handle in TakeAll())
        {
            await handle.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        foreach (var handle in TakeAll())
        {
            // Returning a handle without noreplyWait does no I/O: the ValueTask is already complete.
            handle.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private Connection[] TakeAll()
    {
        lock (_lock)
        {
            var handles = _out is null ? [] : _out.ToArray();
            _out = null;
            return handles;
        }
    }
}
