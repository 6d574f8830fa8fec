using System.Text.Json.Serialization;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>The document type of the typed-query tests.</summary>
public sealed class Hero
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public int Age { get; set; }

    public int? Rank { get; set; }

    public string? Team { get; set; }

    [JsonPropertyName("real_name")]
    public string? RealName { get; set; }

    [JsonIgnore]
    public string? Secret { get; set; }

    public List<string> Powers { get; set; } = [];

    public string[] Tags { get; set; } = [];

    public Address? Address { get; set; }

    public DateTimeOffset Born { get; set; }

    public Guid Token { get; set; }

    public Side Side { get; set; }

    public double Score { get; set; }

    /// <summary>Keys are data: never renamed by the naming policy.</summary>
    public Dictionary<string, int> Stats { get; set; } = [];
}

public sealed class Address
{
    public string City { get; set; } = "";
}

public enum Side
{
    Hero,
    Villain,
}

public sealed class Team
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";
}
