using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Write hooks (rdb_protocol/terms/write_hook.cc, btree.cc <c>apply_write_hook</c>): <c>set_write_hook</c> (a
/// function of three arguments, <c>null</c> to delete, or the binary <c>get_write_hook</c> returned),
/// <c>get_write_hook</c>, and the hook applied to every insert, replace and delete of the table with
/// <c>({primary_key, timestamp}, old_val, new_val)</c> unless the write says <c>ignore_write_hook</c>.
/// </content>
internal sealed partial class QueryRun
{
    /// <summary>The prefix of the binary form of a hook (<c>write_hook_blob_prefix</c>).</summary>
    private const string WriteHookPrefix = "$reql_write_hook_function$";

    /// <summary>Whether the write being run skips the table's hook (<c>ignore_write_hook: true</c>).</summary>
    private bool _ignoreWriteHook;

    private static void AddWriteHookTerms(Dictionary<TermType, TermEvaluator> table)
    {
        table[TermType.SetWriteHook] = (r, a) => r.SetWriteHook(a);
        table[TermType.GetWriteHook] = (r, a) => r.GetWriteHook(a);
    }

    private DatumValue SetWriteHook(Args args)
    {
        var table = AsTable(args[0]);
        var value = args[1];
        WriteHook? hook = null;
        if (AsHookFunction(value) is { } function)
        {
            if (!Determinism.IsDeterministic(function.Body))
            {
                throw LogicError("Could not prove function deterministic.  Write hook functions must be deterministic.");
            }
            if (function.Parameters.Length != 3)
            {
                throw LogicError("Write hook functions must expect 3 arguments.");
            }
            hook = new WriteHook(function, HookInfo(function));
        }
        RefuseSystemDb(table.Db, "you can't set a write hook on the tables in it.");
        RequireConfig(table.Db, table);
        lock (_store.Sync)
        {
            var message = hook is null ? "deleted" : table.WriteHook is null ? "created" : "replaced";
            table.WriteHook = hook;
            _store.SystemDb.Refresh();
            return Made(new JsonObject { [message] = 1 });
        }
    }

    private DatumValue GetWriteHook(Args args)
    {
        var table = AsTable(args[0]);
        if (table.Source is not null)
        {
            return Made(null);
        }
        RequireConfig(table.Db, table);
        lock (_store.Sync)
        {
            return Made(Datum.Clone(table.WriteHook?.Info));
        }
    }

    /// <summary>The hook given to <c>set_write_hook</c>: a function, a binary from <c>get_write_hook</c>, or null (none).</summary>
    private FuncValue? AsHookFunction(Value value)
    {
        if (value is FuncValue function)
        {
            return function;
        }
        var node = AsDatum(value);
        if (node is null)
        {
            return null;
        }
        if (!Binary.Is(node))
        {
            throw NotAFunction(value);
        }
        var bytes = Binary.Bytes(node);
        var text = Encoding.UTF8.GetString(bytes);
        if (!text.StartsWith(WriteHookPrefix, StringComparison.Ordinal))
        {
            throw LogicError("Cannot create a write hook except from a reql_write_hook_function returned from `get_write_hook`.");
        }
        using var term = JsonDocument.Parse(text[WriteHookPrefix.Length..], Nesting.Document);
        TermCompiler.Check(term.RootElement);
        var saved = _path;
        _path = [];
        try
        {
            return (FuncValue)Eval(term.RootElement.Clone());
        }
        finally
        {
            _path = saved;
        }
    }

    /// <summary>
    /// What <c>get_write_hook</c> and <c>table_config.write_hook</c> show: <c>function</c>, a binary the test server
    /// takes back in <c>set_write_hook</c>, and <c>query</c> (the real server prints the function in JavaScript; the
    /// test server prints its term as JSON).
    /// </summary>
    private static JsonObject HookInfo(FuncValue function)
    {
        var term = new JsonArray((int)TermType.Func, new JsonArray(
            new JsonArray((int)TermType.MakeArray, new JsonArray([.. function.Parameters.Select(p => (JsonNode?)p)])),
            JsonNode.Parse(function.Body.GetRawText(), documentOptions: Nesting.Document)));
        var text = term.ToJsonString();
        return new JsonObject
        {
            ["function"] = Binary.Of(Encoding.UTF8.GetBytes(WriteHookPrefix + text)),
            ["query"] = $"setWriteHook({text})",
        };
    }

    /// <summary>
    /// Runs the table's hook on one write (<c>apply_write_hook</c>): what to store instead of
    /// <paramref name="next"/>, or the error that makes this row fail.
    /// </summary>
    private (JsonObject? Value, string? Error) ApplyWriteHook(MemoryTable table, JsonObject? existing, JsonObject? next)
    {
        if (table.WriteHook is not { } hook || _ignoreWriteHook)
        {
            return (next, null);
        }
        var context = new JsonObject
        {
            ["primary_key"] = Datum.Clone((next ?? existing)?[table.PrimaryKey]),
            ["timestamp"] = Datum.Own(_now ??= MakeTime(DateTime.UtcNow.Subtract(UnixEpoch).Ticks / 10 / 1e6, "+00:00")),
        };
        JsonNode? modified;
        try
        {
            modified = AsDatum(Call(hook.Function, context, Datum.Clone(existing), Datum.Clone(next)));
        }
        catch (QueryFailure failure) when (failure.Type == ResponseType.RuntimeError)
        {
            return (null, $"Error in write hook: {failure.Message}");
        }
        if (next is null && modified is not null)
        {
            return (null, "A write hook function must not turn a deletion into a replace/insert.");
        }
        if (next is not null && modified is null)
        {
            return (null, "A write hook function must not turn a replace/insert into a deletion.");
        }
        if (modified is null)
        {
            return (null, null);
        }
        if (modified is not JsonObject document)
        {
            return (null, $"Inserted value must be an OBJECT (got {Datum.TypeName(modified)}):\n{Datum.Print(modified)}");
        }
        document = (JsonObject)Datum.Normalize(document)!;
        if (!Datum.AreEqual(document[table.PrimaryKey], next![table.PrimaryKey]))
        {
            return (null, KeyChangedMessage(table, existing, document));
        }
        return (document, null);
    }

    /// <summary>Reads <c>ignore_write_hook</c> of a write; true needs config permission on the table.</summary>
    private void ReadIgnoreWriteHook(Args args, MemoryTable table)
    {
        _ignoreWriteHook = args.OptArg("ignore_write_hook") is { } ignore && AsBool(ignore);
        if (_ignoreWriteHook)
        {
            RequireConfig(table.Db, table);
        }
    }
}
