using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using RethinkDb.Testing.Evaluation;
using RethinkDb.Testing.Evaluation.SystemTables;

namespace RethinkDb.Testing;

/// <summary>
/// An in-process RethinkDB protocol server on loopback for tests: real V1_0 (SCRAM-SHA-256) and V0_4 handshakes,
/// optional TLS, SERVER_INFO, NOREPLY_WAIT, an in-memory subset of ReQL, and faults on demand
/// (<see cref="Fault"/>).
/// </summary>
/// <example>
/// <code>
/// await using var server = await RethinkDbTestServer.StartAsync(new TestServerOptions { AdminPassword = "s3cret" });
/// await using var conn = await Connection.OpenAsync(server.CreateConnectionOptions());
/// </code>
/// </example>
public sealed class RethinkDbTestServer : IAsyncDisposable
{
    private TcpListener _listener;
    private readonly ConcurrentDictionary<ServerConnection, Task> _connections = new();
    private readonly ConcurrentQueue<long> _stoppedTokens = new();
    private readonly ConcurrentQueue<long> _receivedTokens = new();
    private readonly ConcurrentQueue<long> _answeredTokens = new();
    private CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private int _restarts;
    private Task _acceptLoop = Task.CompletedTask;
    private int _connectionsAccepted;
    private long _queriesReceived;
    private int _maxConcurrentQueries;
    private volatile TestServerFault _fault;

    private RethinkDbTestServer(TestServerOptions options, MemoryStore? sharedStore)
    {
        Options = options;
        _fault = options.Fault;
        Evaluator = new QueryEvaluator(sharedStore ?? new MemoryStore(options.ScramIterations), options.ServerName);
        Member = new ServerMember(ServerId, options.ServerName)
        {
            OpenConnections = () => OpenConnections,
            QueriesTotal = () => QueriesReceived,
        };
        _listener = new TcpListener(IPAddress.Loopback, options.Port);
        if (sharedStore is null)
        {
            // A cluster's nodes share the users of the store its first node seeded.
            SetPassword("admin", options.AdminPassword);
            foreach (var (user, password) in options.Users)
            {
                SetPassword(user, password);
            }
        }
    }

    /// <summary>The settings the server was started with.</summary>
    public TestServerOptions Options { get; }

    /// <summary>Always <c>127.0.0.1</c>: the test server listens on loopback only.</summary>
    public string Host => ((IPEndPoint)_listener.LocalEndpoint).Address.ToString();

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The server's id in SERVER_INFO.</summary>
    public Guid ServerId { get; } = Guid.NewGuid();

    /// <summary>The fault applied to connections accepted from now on. Existing connections keep theirs.</summary>
    public TestServerFault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <summary>How many TCP connections the server has accepted.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref _connectionsAccepted);

    /// <summary>How many connections are open now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>How many query frames (of any type) the server has received after handshakes.</summary>
    public long QueriesReceived => Interlocked.Read(ref _queriesReceived);

    /// <summary>The tokens of the STOP queries received, in order.</summary>
    public IReadOnlyCollection<long> StoppedTokens => _stoppedTokens;

    /// <summary>
    /// The tokens of the queries received that get an answer (all but noreply STARTs; not those a
    /// <see cref="Fault"/> swallows), in the order each connection read them.
    /// </summary>
    public IReadOnlyCollection<long> ReceivedTokens => _receivedTokens;

    /// <summary>
    /// The tokens of the answers sent, in the order each connection wrote them. Queries run concurrently, as on the
    /// real server: with <see cref="TestServerFault.SlowOutOfOrder"/> this order differs from
    /// <see cref="ReceivedTokens"/>.
    /// </summary>
    public IReadOnlyCollection<long> AnsweredTokens => _answeredTokens;

    /// <summary>
    /// The most queries one connection has held at once: received and not yet answered (noreply queries, never
    /// answered, are not counted; nor are those a <see cref="Fault"/> swallows). Shows a client's in-flight limit.
    /// </summary>
    public int MaxConcurrentQueries => Volatile.Read(ref _maxConcurrentQueries);

    /// <summary>Open cursors and changefeeds over all connections (to check that none leaks).</summary>
    public int OpenCursors => _connections.Keys.Sum(c => c.OpenCursorCount);

    internal QueryEvaluator Evaluator { get; }

    /// <summary>This server as a row of <c>rethinkdb.server_status</c>.</summary>
    internal ServerMember Member { get; }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static Task<RethinkDbTestServer> StartAsync(TestServerOptions? options = null, CancellationToken cancellationToken = default) =>
        StartAsync(options ?? new TestServerOptions(), sharedStore: null, cancellationToken);

    /// <summary>Starts a server on the store of a cluster (its first node: a new store).</summary>
    internal static Task<RethinkDbTestServer> StartAsync(TestServerOptions options, MemoryStore? sharedStore, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var server = new RethinkDbTestServer(options, sharedStore);
        server._listener.Start(backlog: 512);
        server.Port = ((IPEndPoint)server._listener.LocalEndpoint).Port;
        server.Member.ReqlPort = server.Port;
        server._acceptLoop = server.AcceptLoopAsync();
        server.Evaluator.Store.Join(server.Member);
        return Task.FromResult(server);
    }

    /// <summary>Options for the driver to connect to this server as <c>admin</c> (with the CA file when TLS is on).</summary>
    public ConnectionOptions CreateConnectionOptions() => new()
    {
        Host = Host,
        Port = Port,
        Password = Options.AdminPassword.Length == 0 ? null : Options.AdminPassword,
        Ssl = Options.Tls is { } tls ? new SslOptions { CaCerts = tls.CaCertsPath } : null,
    };

    /// <summary>Sets (or adds) a user's password.</summary>
    public void SetPassword(string user, string password) =>
        Evaluator.Store.SetPassword(user, password, Options.ScramIterations);

    /// <summary>Resets every open connection (TCP RST) without stopping the listener.</summary>
    public void ResetAllConnections()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Reset();
        }
    }

    /// <summary>How many times <see cref="RestartAsync"/> started the server again.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Whether the server is listening (false after <see cref="StopAsync"/> until <see cref="RestartAsync"/>).</summary>
    public bool IsRunning => !_stopping.IsCancellationRequested;

    /// <summary>
    /// Starts the server again on the same port, as a real server restarted with its data directory: databases,
    /// tables, documents and users are kept; connections, cursors and changefeeds are not (clients see their
    /// connections reset). A running server is stopped first; a stopped one (<see cref="StopAsync"/>) is started
    /// again, so a test can keep it down for a while in between.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the old connections to end.</param>
    /// <exception cref="SocketException">The port was taken by another process meanwhile.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_stopping.IsCancellationRequested)
            {
                return; // another caller restarted it meanwhile
            }
            var listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start(backlog: 512);
            var stopped = _stopping;
            _listener = listener;
            _stopping = new CancellationTokenSource();
            stopped.Dispose();
            Interlocked.Increment(ref _restarts);
            _acceptLoop = AcceptLoopAsync();
            // A restarted process: a new start time, the same server id and name (kept in its data directory).
            Member.TimeStarted = DateTime.UtcNow;
            Evaluator.Store.Join(Member);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops listening and resets every connection; the port refuses connections afterwards, until
    /// <see cref="RestartAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the connections' tasks to end (they are reset already).</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StopCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        ResetAllConnections();
        Evaluator.Store.Leave(Member);
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The listener was stopped under the accept call.
        }
        await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _lifecycle.Dispose();
    }

    internal ScramServer.StoredPassword? LookupPassword(string user) => Evaluator.Store.Users.GetValueOrDefault(user)?.Password;

    internal void CountQuery() => Interlocked.Increment(ref _queriesReceived);

    internal void CountStop(long token) => _stoppedTokens.Enqueue(token);

    /// <summary>A connection received a query to answer and now holds <paramref name="unanswered"/>.</summary>
    internal void NoteReceived(long token, int unanswered)
    {
        _receivedTokens.Enqueue(token);
        var max = Volatile.Read(ref _maxConcurrentQueries);
        while (unanswered > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxConcurrentQueries, unanswered, max);
            if (seen == max)
            {
                break;
            }
            max = seen;
        }
    }

    internal void NoteAnswered(long token) => _answeredTokens.Enqueue(token);

    internal void Forget(ServerConnection connection) => _connections.TryRemove(connection, out _);

    private async Task AcceptLoopAsync()
    {
        // This run's listener and token: a restart replaces the fields, never these.
        var listener = _listener;
        var stopping = _stopping.Token;
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }
            socket.NoDelay = true;
            Interlocked.Increment(ref _connectionsAccepted);
            var connection = new ServerConnection(this, socket, _fault);
            _connections[connection] = Task.CompletedTask;
            _connections[connection] = Task.Run(connection.RunAsync);
        }
    }
}
