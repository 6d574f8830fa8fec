using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The databases and tables of one test server, shared by all its connections. One lock guards everything: the
/// test server favours obviously correct over concurrent.
/// </summary>
internal sealed class MemoryStore
{
    public MemoryStore()
    {
        // A fresh RethinkDB server has the database `test`.
        Databases["test"] = new MemoryDb("test");
    }

    public Lock Sync { get; } = new();

    public Dictionary<string, MemoryDb> Databases { get; } = new(StringComparer.Ordinal);
}

internal sealed class MemoryDb(string name)
{
    public Guid Id { get; } = Guid.NewGuid();

    public string Name { get; } = name;

    public Dictionary<string, MemoryTable> Tables { get; } = new(StringComparer.Ordinal);
}

/// <summary>A table: documents in primary key order, and the changefeeds listening to it.</summary>
internal sealed class MemoryTable(MemoryDb db, string name, string primaryKey, string durability)
{
    public Guid Id { get; } = Guid.NewGuid();

    public MemoryDb Db { get; } = db;

    public string Name { get; } = name;

    public string PrimaryKey { get; } = primaryKey;

    public string Durability { get; } = durability;

    public SortedDictionary<JsonNode, JsonObject> Documents { get; } = new(Datum.Comparer!);

    public List<FeedSubscription> Feeds { get; } = [];

    public string QualifiedName => $"{Db.Name}.{Name}";

    /// <summary>Tells every feed about a change. Called with the store lock held, so feeds see changes in order.</summary>
    public void Publish(JsonObject? oldValue, JsonObject? newValue)
    {
        foreach (var feed in Feeds)
        {
            feed.Publish(oldValue, newValue);
        }
    }
}

/// <summary>One open changefeed on a table.</summary>
internal sealed class FeedSubscription(MemoryStore store, MemoryTable table, bool includeTypes) : IDisposable
{
    private readonly Channel<JsonNode?> _changes = Channel.CreateUnbounded<JsonNode?>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<JsonNode?> Reader => _changes.Reader;

    public void Publish(JsonObject? oldValue, JsonObject? newValue)
    {
        var change = new JsonObject
        {
            ["new_val"] = Datum.Clone(newValue),
            ["old_val"] = Datum.Clone(oldValue),
        };
        if (includeTypes)
        {
            change["type"] = (oldValue, newValue) switch
            {
                (null, _) => "add",
                (_, null) => "remove",
                _ => "change",
            };
        }
        _changes.Writer.TryWrite(change);
    }

    /// <summary>Ends the feed (its table was dropped); the caller holds the store lock.</summary>
    public void Close() => _changes.Writer.TryComplete();

    public void Dispose()
    {
        lock (store.Sync)
        {
            table.Feeds.Remove(this);
        }
        _changes.Writer.TryComplete();
    }
}
