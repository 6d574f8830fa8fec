using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.Feeds;

/// <summary>What a changefeed watches: its kind (the server's keyspec), its table, and the row-wise transforms.</summary>
internal sealed class FeedSource(FeedKind kind, MemoryTable table, RowTransform transform)
{
    public FeedKind Kind { get; } = kind;

    public MemoryTable Table { get; } = table;

    /// <summary>The primary key watched by a point feed; null for other kinds.</summary>
    public IReadOnlyList<JsonNode>? Keys { get; init; }

    /// <summary>Which documents a selection (<c>getAll</c>, <c>between</c>, indexed <c>orderBy</c>) holds; null for all.</summary>
    public Func<JsonObject, bool>? Selects { get; init; }

    public RowTransform Transform { get; } = transform;

    /// <summary>An <c>orderBy(index).limit(n)</c> feed's ordering and size; null for other kinds.</summary>
    public TopWindow? Window { get; init; }

    /// <summary>Whether a document (before or after a change) is one this feed watches, before its transforms.</summary>
    public bool Watches(JsonObject? document) =>
        document is not null && (Selects is null || Selects(document)) && (Keys is null ||
            (document[Table.PrimaryKey] is { } key && Keys.Any(k => Datum.Comparer.Compare(k, key) == 0)));
}

/// <summary>The kinds of subscription the server distinguishes (its keyspec), which decide notes and options.</summary>
internal enum FeedKind
{
    /// <summary>A table, a selection of it (<c>getAll</c>, <c>between</c>, <c>orderBy</c>), or transforms of them: SEQUENCE_FEED.</summary>
    Range,

    /// <summary><c>get(key).changes()</c>: ATOM_FEED.</summary>
    Point,

    /// <summary><c>orderBy(index).limit(n).changes()</c>: ORDER_BY_LIMIT_FEED, with offsets.</summary>
    OrderByLimit,
}
