using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using RethinkDb.Testing.Evaluation.SystemTables;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The databases and tables of one test server (or of every node of a test cluster), shared by all its connections,
/// with the servers running on it. One lock guards everything: the test server favours obviously correct over
/// concurrent.
/// </summary>
internal sealed class MemoryStore
{
    public MemoryStore(int scramIterations = 4096)
    {
        // A fresh RethinkDB server has the database `test`, and the system database `rethinkdb`.
        Databases["test"] = new MemoryDb("test");
        SystemDb = new SystemDatabase(this, scramIterations);
        Databases[SystemDatabase.Name] = SystemDb.Db;
    }

    public Lock Sync { get; } = new();

    public Dictionary<string, MemoryDb> Databases { get; } = new(StringComparer.Ordinal);

    /// <summary>The <c>rethinkdb</c> database.</summary>
    public SystemDatabase SystemDb { get; }

    /// <summary>The users (password and permissions), shared by every server of the store.</summary>
    public ConcurrentDictionary<string, UserAccount> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Sets a user's password, adding the user when new (as an insert into <c>rethinkdb.users</c>).</summary>
    public void SetPassword(string user, string password, int iterations)
    {
        var stored = ScramServer.StoredPassword.Create(password, iterations);
        lock (Sync)
        {
            if (Users.TryGetValue(user, out var account))
            {
                account.Password = stored;
                account.HasPassword = password.Length > 0;
            }
            else
            {
                Users[user] = new UserAccount(user, stored, password.Length > 0);
            }
            SystemDb.Refresh();
        }
    }

    /// <summary><c>cluster_config</c>'s <c>heartbeat_timeout_secs</c>.</summary>
    public double HeartbeatTimeoutSecs { get; set; } = 10;

    /// <summary>The servers running on this store, in the order they joined: the rows of <c>server_status</c>.</summary>
    public List<ServerMember> Servers { get; } = [];

    /// <summary>A server starts listening: it appears in the system tables (and their feeds).</summary>
    public void Join(ServerMember member)
    {
        lock (Sync)
        {
            if (!Servers.Contains(member))
            {
                member.TimeConnected = DateTime.UtcNow;
                Servers.Add(member);
            }
            SystemDb.Refresh();
        }
    }

    /// <summary>A server stops: it leaves the system tables.</summary>
    public void Leave(ServerMember member)
    {
        lock (Sync)
        {
            Servers.Remove(member);
            SystemDb.Refresh();
        }
    }
}

internal sealed class MemoryDb(string name, Guid? id = null)
{
    public Guid Id { get; } = id ?? Guid.NewGuid();

    public string Name { get; set; } = name;

    public Dictionary<string, MemoryTable> Tables { get; } = new(StringComparer.Ordinal);
}

/// <summary>A table: its documents by primary key, and the changefeeds listening to it.</summary>
internal sealed class MemoryTable(MemoryDb db, string name, string primaryKey, string durability)
{
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>For a table of the <c>rethinkdb</c> database: where its rows come from and how it takes writes.</summary>
    public SystemTable? Source { get; init; }

    public MemoryDb Db { get; set; } = db;

    public string Name { get; set; } = name;

    public string PrimaryKey { get; } = primaryKey;

    public string Durability { get; set; } = durability;

    /// <summary><c>write_acks</c>: <c>majority</c> (the default) or <c>single</c>.</summary>
    public string WriteAcks { get; set; } = "majority";

    /// <summary>The write hook (<c>set_write_hook</c>), or null.</summary>
    public WriteHook? WriteHook { get; set; }

    /// <summary>The table's shards as <c>table_config</c> shows them (one, on the server that created it).</summary>
    public List<TableShard> Shards { get; set; } = [];

    public SortedDictionary<JsonNode, JsonObject> Documents { get; } = new(Datum.Comparer!);

    public List<FeedSubscription> Feeds { get; } = [];

    /// <summary>The secondary indexes by name.</summary>
    public SortedDictionary<string, SecondaryIndex> Indexes { get; } = new(StringComparer.Ordinal);

    /// <summary>Bumped by every write, so that cached index entries know they are stale.</summary>
    public long Version { get; private set; }

    public string QualifiedName => $"{Db.Name}.{Name}";

    /// <summary>
    /// The documents in the order a table scan gives them, as 2.4.4 does for a table of one shard: the server splits a
    /// table into 8 hash shards (<c>hash_region_hasher</c> of the key as it stores it) and reads them side by side, so a
    /// scan takes each shard's first document in key order, then each shard's second, and so on (checked against 2.4.4:
    /// exact for a few documents per shard; with more, its shards' batches arrive less regularly). The caller holds the
    /// store lock.
    /// </summary>
    public List<JsonObject> Scan()
    {
        var shards = Documents
            .GroupBy(d => Shard(d.Key))
            .OrderBy(g => g.Key)
            .Select(g => g.OrderBy(d => StoredKey(d.Key), ByteOrder.Instance).Select(d => d.Value).ToList())
            .ToList();
        var rows = new List<JsonObject>(Documents.Count);
        for (var i = 0; rows.Count < Documents.Count; i++)
        {
            foreach (var shard in shards)
            {
                if (i < shard.Count)
                {
                    rows.Add(shard[i]);
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// Orders items of this table (each with its primary key) as a scan would give them: the server reads a lookup of
    /// several keys, or a key range, through the same shards (checked on 2.4.4: getAll(1..8) is a scan filtered to those
    /// keys). Stable: an item given twice stays twice. The caller holds the store lock.
    /// </summary>
    public List<T> InScanOrder<T>(IEnumerable<T> items, Func<T, JsonNode> key)
    {
        var positions = new SortedDictionary<JsonNode, int>(Datum.Comparer!);
        var scan = Scan();
        for (var i = 0; i < scan.Count; i++)
        {
            positions[scan[i][PrimaryKey]!] = i;
        }
        return [.. items.OrderBy(item => positions.GetValueOrDefault(key(item), int.MaxValue))];
    }

    /// <summary>The order in which the server applies a write to several documents: shard by shard, in key order within
    /// each (and so the order of <c>changes</c> and which error is <c>first_error</c>).</summary>
    public static List<JsonNode> WriteOrder(IEnumerable<JsonNode> keys) =>
        [.. keys.OrderBy(Shard).ThenBy(StoredKey, ByteOrder.Instance)];

    /// <summary>Where a document with this primary key comes among others: the server's hash of its stored key.</summary>
    private static ulong ScanOrder(JsonNode key) => RegionHash(StoredKey(key));

    private static int Shard(JsonNode key) => (int)(ScanOrder(key) >> 60); // 8 hash shards over 63 bits

    /// <summary>
    /// The primary key as the server stores it (<c>datum_t::print_primary</c>): numbers as <c>N</c>, their bits
    /// mangled to sort as numbers, <c>#</c> and the value; strings as <c>S</c> and their bytes; booleans as <c>Bt</c>/<c>Bf</c>.
    /// Other keys (arrays, times) in an approximation of the test server's own.
    /// </summary>
    private static byte[] StoredKey(JsonNode key)
    {
        switch (Datum.Kind(key))
        {
            case System.Text.Json.JsonValueKind.Number:
                var value = Datum.Number(key);
                if (value == 0)
                {
                    value = 0; // minus zero sorts and hashes as zero
                }
                var bits = BitConverter.DoubleToUInt64Bits(value);
                bits = (bits & (1UL << 63)) != 0 ? ~bits : bits ^ (1UL << 63);
                return Encoding.ASCII.GetBytes($"N{bits:x16}#{QueryRun.FormatG20(value)}");
            case System.Text.Json.JsonValueKind.String:
                return [(byte)'S', .. Encoding.UTF8.GetBytes(Datum.String(key))];
            case System.Text.Json.JsonValueKind.True:
                return "Bt"u8.ToArray();
            case System.Text.Json.JsonValueKind.False:
                return "Bf"u8.ToArray();
            default:
                return [(byte)'A', .. Encoding.UTF8.GetBytes(Datum.Print(key))];
        }
    }

    /// <summary>The server's <c>hash_region_hasher</c>: 63 bits, each byte's bits spread into the high bits.</summary>
    private static ulong RegionHash(byte[] bytes)
    {
        var h = 0x47a59e381fb2dc06UL;
        foreach (var b in bytes)
        {
            var d = ((b * 0x80200802UL) & 0x0884422110UL) * 0x0101010101UL << 23;
            h += d;
            h ^= (h >> 11) ^ (h << 21);
        }
        return h & 0x7fffffffffffffffUL;
    }

    /// <summary>Byte-wise order, as the server's B-tree orders its keys.</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }

    /// <summary>Tells every feed about a change. Called with the store lock held, so feeds see changes in order.</summary>
    public void Publish(JsonObject? oldValue, JsonObject? newValue)
    {
        Version++;
        foreach (var feed in Feeds)
        {
            feed.Publish(oldValue, newValue);
        }
    }
}

/// <summary>
/// A table's write hook: the function, and what <c>table_config.write_hook</c> and <c>get_write_hook</c> show of it
/// (<c>{function, query}</c>).
/// </summary>
internal sealed record WriteHook(FuncValue Function, JsonObject Info);

/// <summary>One shard of a table's configuration: its primary replica and replicas, by server name.</summary>
internal sealed record TableShard(string PrimaryReplica, IReadOnlyList<string> Replicas, IReadOnlyList<string> NonvotingReplicas);

/// <summary>
/// A secondary index: its function (a ReQL function of the document), whether it is a multi or geo index, and its
/// entries computed at one table version (recomputed after a write, when next read).
/// </summary>
internal sealed class SecondaryIndex(string name, FuncValue function, bool multi, bool geo)
{
    public string Name { get; set; } = name;

    public FuncValue Function { get; } = function;

    public bool Multi { get; } = multi;

    public bool Geo { get; } = geo;

    public long CachedVersion { get; set; } = -1;

    public List<(JsonNode? Key, JsonObject Row)>? Cached { get; set; }

    /// <summary>The cached entries by key, for lookups (<c>get_all</c>, <c>eq_join</c>).</summary>
    public ILookup<JsonNode?, JsonObject>? CachedByKey { get; set; }
}

/// <summary>One <c>changes()</c> on a table: shapes each change of the table and hands it to its feed's stream.</summary>
internal sealed class FeedSubscription(MemoryStore store, MemoryTable table, bool includeTypes) : IDisposable
{
    /// <summary>Where the changes go (Feeds/FeedStream); set before the subscription is added to its table.</summary>
    public Feeds.FeedStream? Stream { get; set; }

    /// <summary>
    /// What the feed sends for a change (Feeds/): null to send nothing. Unset, every change is sent as it is.
    /// </summary>
    public Func<JsonObject?, JsonObject?, JsonNode?>? Shape { get; init; }

    public void Publish(JsonObject? oldValue, JsonObject? newValue)
    {
        var change = Shape is not null ? Shape(oldValue, newValue) : Feeds.ChangeShape.Change(oldValue, newValue, includeTypes);
        if (change is not null)
        {
            Stream?.Deliver(change, (oldValue ?? newValue)?[table.PrimaryKey]);
        }
    }

    /// <summary>Ends the feed (its table was dropped); the caller holds the store lock.</summary>
    public void Close() => Stream?.Abort();

    public void Dispose()
    {
        lock (store.Sync)
        {
            table.Feeds.Remove(this);
        }
    }
}
