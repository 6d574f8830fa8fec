using RethinkDb.Protocol;

namespace RethinkDb.Net;

/// <summary>
/// Told of each operation a borrowed connection runs (see <see cref="Connection.Borrow"/>), so that a layer above
/// the core (the hosting package's telemetry) can time operations without the core depending on it.
/// </summary>
internal interface IOperationObserver
{
    /// <summary>An operation was sent; the returned state is passed to <see cref="OnStop"/>.</summary>
    /// <param name="connection">The handle the operation runs on.</param>
    /// <param name="term">The root term of a START query; <see langword="null"/> for other query types.</param>
    /// <param name="type">The query type.</param>
    object? OnStart(Connection connection, TermType? term, QueryType type);

    /// <summary>The first response arrived (<paramref name="error"/> is <see langword="null"/>) or the operation failed.</summary>
    void OnStop(object? state, Exception? error);
}
