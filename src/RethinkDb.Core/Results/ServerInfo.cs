using System.Text.Json.Serialization;

namespace RethinkDb;

/// <summary>The server a connection is connected to, as answered to SERVER_INFO.</summary>
/// <param name="Id">The server's UUID.</param>
/// <param name="Name">The server's name.</param>
/// <param name="Proxy">Whether the server is a proxy node.</param>
public sealed record ServerInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("proxy")] bool Proxy);
