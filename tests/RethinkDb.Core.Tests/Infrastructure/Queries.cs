using System.Text.Json;

namespace RethinkDb.Core.Tests.Infrastructure;

/// <summary>
/// Runs a query through the connection's internal START path and returns r[0] of the response as raw JSON,
/// so the connection layer can be tested without the results layer.
/// </summary>
internal static class Queries
{
    public static async Task<JsonElement> RunAtomAsync(this Connection connection, ReqlExpr query, CancellationToken ct = default)
    {
        using var response = await connection.StartAsync(query, null, ct);
        ResponseErrors.ThrowIfError(response);
        using var doc = JsonDocument.Parse(response.Results.ToArray());
        return doc.RootElement[0].Clone();
    }
}
