using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>What a term evaluates to (<c>val_t</c> in the server): a datum, a database, a table, a sequence...</summary>
internal abstract class Value
{
    /// <summary>The backtrace frames of the term that produced the value (errors about it point there).</summary>
    public object[] Origin { get; set; } = [];

    /// <summary>The server's name for the kind of value, used in "Expected type X but found Y" messages.</summary>
    public abstract string TypeName { get; }
}

internal sealed class DatumValue(JsonNode? node) : Value
{
    public JsonNode? Node { get; } = node;

    public override string TypeName => "DATUM";
}

internal sealed class DbValue(MemoryDb db) : Value
{
    public MemoryDb Db { get; } = db;

    public override string TypeName => "DATABASE";
}

internal sealed class TableValue(MemoryTable table) : Value
{
    public MemoryTable Table { get; } = table;

    public override string TypeName => "TABLE";
}

/// <summary>
/// A sequence: rows of a table (a selection, when <see cref="Table"/> is set: writes can follow), or plain values.
/// <see cref="IsArray"/> marks an array (answered as one atom) rather than a stream (answered in batches).
/// </summary>
internal sealed class SequenceValue(IReadOnlyList<JsonNode?> rows, MemoryTable? table, bool isArray) : Value
{
    public IReadOnlyList<JsonNode?> Rows { get; } = rows;

    public MemoryTable? Table { get; } = table;

    public bool IsArray { get; } = isArray;

    /// <summary>Set when the rows are a table slice (<c>between</c>, <c>order_by({index})</c> on a table).</summary>
    public TableSlice? Slice { get; init; }

    public override string TypeName => Slice is not null ? "TABLE_SLICE" : (Table, IsArray) switch
    {
        (not null, true) => "SELECTION<ARRAY>",
        (not null, false) => "SELECTION<STREAM>",
        (null, true) => "DATUM",
        _ => "STREAM",
    };
}

/// <summary>One document of a table by key (<c>get</c>); <see cref="Document"/> is null when it does not exist.</summary>
internal sealed class SingleSelectionValue(MemoryTable table, JsonNode key, JsonObject? document) : Value
{
    public MemoryTable Table { get; } = table;

    public JsonNode Key { get; } = key;

    public JsonObject? Document { get; } = document;

    public override string TypeName => "SELECTION<OBJECT>";
}

/// <summary>A ReQL function: parameter numbers, body term, and the variables it closed over.</summary>
internal sealed class FuncValue(int[] parameters, JsonElement body, object[] bodyPath, IReadOnlyDictionary<int, JsonNode?> captured) : Value
{
    public int[] Parameters { get; } = parameters;

    public JsonElement Body { get; } = body;

    public object[] BodyPath { get; } = bodyPath;

    public IReadOnlyDictionary<int, JsonNode?> Captured { get; } = captured;

    public override string TypeName => "FUNCTION";
}

/// <summary>A changefeed (the result of <c>changes()</c>).</summary>
internal sealed class FeedValue(FeedResult feed) : Value
{
    public FeedResult Feed { get; } = feed;

    public override string TypeName => "STREAM";
}

/// <summary>The result of <c>group()</c> (and of a reduction of it): group keys in order, each with its reduction.</summary>
internal sealed class GroupedValue(IReadOnlyList<(JsonNode? Key, JsonNode? Reduction)> groups) : Value
{
    public IReadOnlyList<(JsonNode? Key, JsonNode? Reduction)> Groups { get; } = groups;

    /// <summary>True while each group still holds rows (after <c>group</c>, <c>map</c>...), false once reduced.</summary>
    public bool IsStream { get; init; } = true;

    public override string TypeName => IsStream ? "GROUPED_STREAM" : "GROUPED_DATA";
}
