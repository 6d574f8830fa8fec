using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>Writes: insert, update, replace, delete, with the server's write summary and return_changes.</content>
internal sealed partial class QueryRun
{
    private enum ReturnChanges { No, Yes, Always }

    /// <summary>Whether the insert being committed generated its primary key (system tables refuse that).</summary>
    private bool _keyGenerated;

    /// <summary>Accumulates the write summary as the server's <c>stats_merge</c> does.</summary>
    private sealed class WriteStats(ReturnChanges returnChanges)
    {
        public int Inserted, Replaced, Unchanged, Skipped, Deleted, Errors;
        public string? FirstError;
        public List<string> GeneratedKeys { get; } = [];
        public JsonArray Changes { get; } = [];

        public void Change(JsonObject? oldValue, JsonObject? newValue, bool changed)
        {
            if (returnChanges == ReturnChanges.Always || (returnChanges == ReturnChanges.Yes && changed))
            {
                Changes.Add((JsonNode)new JsonObject { ["new_val"] = Datum.Own(newValue), ["old_val"] = Datum.Own(oldValue) });
            }
        }

        public void Error(string message, JsonObject? oldValue)
        {
            Errors++;
            FirstError ??= message;
            if (returnChanges == ReturnChanges.Always)
            {
                Changes.Add((JsonNode)new JsonObject
                {
                    ["error"] = message,
                    ["new_val"] = Datum.Own(oldValue),
                    ["old_val"] = Datum.Own(oldValue),
                });
            }
        }

        public JsonObject ToDatum()
        {
            var result = new JsonObject
            {
                ["deleted"] = Deleted,
                ["errors"] = Errors,
                ["inserted"] = Inserted,
                ["replaced"] = Replaced,
                ["skipped"] = Skipped,
                ["unchanged"] = Unchanged,
            };
            if (FirstError is not null)
            {
                result["first_error"] = FirstError;
            }
            if (GeneratedKeys.Count > 0)
            {
                result["generated_keys"] = new JsonArray([.. GeneratedKeys.Select(k => (JsonNode?)JsonValue.Create(k))]);
            }
            if (returnChanges != ReturnChanges.No && Inserted + Replaced + Unchanged + Skipped + Deleted + Errors > 0)
            {
                // With return_changes the server sends "changes" once the write met a document, even if empty (a get
                // of a missing key is a skip); a write over no document at all answers without it.
                result["changes"] = Changes.DeepClone();
            }
            return result;
        }
    }

    private ReturnChanges ParseReturnChanges(Args args)
    {
        if (args.OptArg("return_changes") is not { } value)
        {
            return ReturnChanges.No;
        }
        var node = AsDatum(value);
        if (Datum.Kind(node) == JsonValueKind.String)
        {
            return Datum.String(node!) == "always"
                ? ReturnChanges.Always
                : throw Fail(ErrorType.QueryLogic, $"Invalid return_changes value `{Datum.String(node!)}` (options are `true`, `false`, and `'always'`.)");
        }
        return Datum.IsTruthy(node) ? ReturnChanges.Yes : ReturnChanges.No;
    }

    private void CheckDurability(Args args)
    {
        if (args.OptArg("durability") is { } value && AsString(value) is not ("hard" or "soft") and var durability)
        {
            throw Fail(ErrorType.QueryLogic, $"Durability option `{durability}` unrecognized (options are \"hard\" and \"soft\").", value.Origin);
        }
    }

    private DatumValue Insert(Args args)
    {
        var table = AsTable(args[0]);
        RequireWrite(table);
        ReadIgnoreWriteHook(args, table);
        var returnChanges = ParseReturnChanges(args);
        CheckDurability(args);
        var conflict = "error";
        FuncValue? resolve = null;
        if (args.OptArg("conflict") is FuncValue function)
        {
            resolve = function.Parameters.Length == 3
                ? function
                : throw Fail(ErrorType.QueryLogic, "The conflict function passed to `insert` should expect 3 arguments.");
        }
        else if (args.OptArg("conflict") is { } conflictValue)
        {
            conflict = AsString(conflictValue);
            if (conflict is not ("error" or "replace" or "update"))
            {
                throw Fail(ErrorType.QueryLogic, $"Conflict option `{conflict}` unrecognized (options are \"error\", \"replace\" and \"update\").", conflictValue.Origin);
            }
        }
        var documents = args[1];
        // One object, or a sequence of them: an array, or a stream (r.range().map(...)), as the server's insert.
        var rows = documents is SequenceValue or TableValue ? AsSequence(documents).Rows.ToList()
            : AsDatum(documents) is JsonObject single ? [single] : AsSequence(documents).Rows;
        var stats = new WriteStats(returnChanges);
        lock (_store.Sync)
        {
            foreach (var row in rows)
            {
                if (row is not JsonObject document)
                {
                    // Insert's own words (a replace or update result gets "Inserted value must be an OBJECT").
                    stats.Error($"Expected type OBJECT but found {Datum.TypeName(row)}.", null);
                    continue;
                }
                var insert = (JsonObject)Datum.Normalize(document)!;
                if (!insert.TryGetPropertyValue(table.PrimaryKey, out var key))
                {
                    var generated = Guid.NewGuid().ToString();
                    _keyGenerated = true;
                    stats.GeneratedKeys.Add(generated);
                    insert[table.PrimaryKey] = generated;
                    insert = (JsonObject)Datum.Normalize(insert)!;
                    key = insert[table.PrimaryKey];
                }
                if ((Datum.Kind(key) is JsonValueKind.Null or JsonValueKind.Object && Datum.PseudoType(key) is null) || Datum.IsTooLongKey(key))
                {
                    var message = Datum.IsTooLongKey(key)
                        ? Datum.TooLongKeyMessage(key!)
                        : BadKeyMessage(key);
                    stats.Error(message, null);
                    if (returnChanges == ReturnChanges.Yes)
                    {
                        // Refused before it reaches the table, the document still has its entry in the changes (2.4.4).
                        stats.Changes.Add((JsonNode)new JsonObject { ["error"] = message, ["new_val"] = null, ["old_val"] = null });
                    }
                    continue;
                }
                if (Datum.PseudoType(key) == GeometryType)
                {
                    // datum_t::pt_to_str_key: a geometry has no key form.
                    stats.Error("Cannot use a geometry value as a key value in a primary or non-geospatial secondary index.", null);
                    continue;
                }
                var keyNode = Datum.Own(key)!;
                if (!table.Documents.TryGetValue(keyNode, out var existing))
                {
                    Commit(table, keyNode, null, insert, stats);
                    _keyGenerated = false;
                    continue;
                }
                _keyGenerated = false;
                if (resolve is not null)
                {
                    ResolveConflict(table, keyNode, existing, insert, resolve, stats);
                    continue;
                }
                switch (conflict)
                {
                    case "error":
                        stats.Error($"Duplicate primary key `{table.PrimaryKey}`:\n{Datum.Print(existing)}\n{Datum.Print(insert)}", existing);
                        break;
                    default:
                        var replacement = conflict == "update" ? (JsonObject)Datum.Normalize(MergeValues(existing, insert))! : insert;
                        Store(table, keyNode, existing, replacement, stats);
                        break;
                }
            }
        }
        return Made(stats.ToDatum());
    }

    /// <summary>
    /// An insert's conflict function, called with the primary key's name (what 2.4.4 passes, not its value), the stored
    /// document and the inserted one; what it returns is written as a replacement, its error is the row's.
    /// </summary>
    private void ResolveConflict(MemoryTable table, JsonNode key, JsonObject existing, JsonObject insert, FuncValue resolve, WriteStats stats)
    {
        JsonNode? resolved;
        try
        {
            resolved = AsDatum(Call(resolve, JsonValue.Create(table.PrimaryKey), existing, insert));
        }
        catch (QueryFailure failure) when (failure.Type == ResponseType.RuntimeError)
        {
            stats.Error(failure.Message, existing);
            return;
        }
        WriteReplacement(table, key, existing, resolved, stats);
    }

    /// <summary>Writes a new version of an existing document: replaced, or unchanged when equal.</summary>
    private void Store(MemoryTable table, JsonNode key, JsonObject existing, JsonObject replacement, WriteStats stats)
    {
        // The hook runs before the comparison, as in the server's replacer.
        var (hooked, hookError) = ApplyWriteHook(table, existing, replacement);
        if (hookError is not null)
        {
            stats.Error(hookError, existing);
            return;
        }
        if (Datum.AreEqual(existing, hooked))
        {
            stats.Unchanged++;
            stats.Change(existing, existing, changed: false);
            return;
        }
        Commit(table, key, existing, hooked, stats, hooked: true);
    }

    /// <summary>
    /// Writes one document: <paramref name="existing"/> null inserts, <paramref name="next"/> null deletes. Counts it,
    /// and tells the table's feeds. A system table hands the row to its source, which changes the store (the table is
    /// then recomputed) or refuses with the server's message, counted as an error. The caller holds the store lock.
    /// </summary>
    private void Commit(MemoryTable table, JsonNode key, JsonObject? existing, JsonObject? next, WriteStats stats, bool hooked = false)
    {
        if (!hooked && table.WriteHook is not null)
        {
            var (modified, hookError) = ApplyWriteHook(table, existing, next);
            if (hookError is not null)
            {
                stats.Error(hookError, existing);
                return;
            }
            next = modified;
        }
        if (table.Source is { } source)
        {
            if (source.Write(new SystemTables.WriteContext(_store, _keyGenerated, this), key, existing, next) is { } refusal)
            {
                stats.Error(refusal, existing);
                return;
            }
        }
        else if (next is null)
        {
            table.Documents.Remove(key);
            table.Publish(existing, null);
        }
        else
        {
            table.Documents[Datum.Own(key)!] = next;
            table.Publish(existing, next);
        }
        if (existing is null)
        {
            stats.Inserted++;
        }
        else if (next is null)
        {
            stats.Deleted++;
        }
        else
        {
            stats.Replaced++;
        }
        stats.Change(existing, next, changed: true);
        if (table.Source is not null)
        {
            _store.SystemDb.Refresh();
        }
    }

    private DatumValue Update(Args args) => Modify(args, replace: false);

    private DatumValue Replace(Args args) => Modify(args, replace: true);

    /// <summary><c>update</c> (merge the returned object) and <c>replace</c> (the returned value replaces; null deletes).</summary>
    private DatumValue Modify(Args args, bool replace)
    {
        // Checked before anything runs, as the server checks the term when it builds it: an atomic write must be able
        // to run its change again with the same result.
        if (!(args.OptArg("non_atomic") is { } nonAtomic && Datum.IsTruthy(AsDatum(nonAtomic))) &&
            !Determinism.IsDeterministic(args.Raw(1), nowAllowed: true))
        {
            throw LogicError("Could not prove argument deterministic.  Maybe you want to use the non_atomic flag?");
        }
        var target = args[0];
        // update is the server's rewrite r.expr(change)(old_row) with r.literal allowed; replace's argument is plain.
        var change = replace ? args[1] : WithLiteralsAllowed(() => args[1]);
        var returnChanges = ParseReturnChanges(args);
        CheckDurability(args);
        var (table, keys) = WriteTargets(target);
        RequireWrite(table);
        ReadIgnoreWriteHook(args, table);
        var stats = new WriteStats(returnChanges);
        lock (_store.Sync)
        {
            foreach (var key in MemoryTable.WriteOrder(keys))
            {
                var existing = table.Documents.GetValueOrDefault(key);
                if (!replace && existing is null)
                {
                    // update is the server's replace(old => branch(old == null, null, ...)): a missing document is
                    // skipped without calling the function.
                    stats.Skipped++;
                    stats.Change(null, null, changed: false);
                    continue;
                }
                JsonNode? result;
                try
                {
                    result = AsDatum(replace ? CallOrConstant(change, existing) : WithLiteralsAllowed(() => CallOrConstant(change, existing)));
                }
                catch (QueryFailure failure) when (failure.Type == ResponseType.RuntimeError)
                {
                    stats.Error(failure.Message, existing);
                    continue;
                }
                if (existing is null && result is null)
                {
                    stats.Skipped++;
                    stats.Change(null, null, changed: false);
                    continue;
                }
                WriteReplacement(table, key, existing, replace ? result : result is null ? existing : MergeValues(existing, result), stats);
            }
        }
        return Made(stats.ToDatum());
    }

    /// <summary>
    /// Writes what a replacing function returned for the document at <paramref name="key"/> (replace, update, an
    /// insert's conflict function): null deletes, anything else must be an object with the same primary key.
    /// </summary>
    private void WriteReplacement(MemoryTable table, JsonNode key, JsonObject? existing, JsonNode? next, WriteStats stats)
    {
        if (next is null)
        {
            Commit(table, key, existing, null, stats);
            return;
        }
        if (next is not JsonObject document)
        {
            stats.Error($"Inserted value must be an OBJECT (got {Datum.TypeName(next)}):\n{Datum.Print(next)}", existing);
            return;
        }
        document = (JsonObject)Datum.Normalize(document)!;
        if (!document.TryGetPropertyValue(table.PrimaryKey, out var newKey))
        {
            stats.Error($"Inserted object must have primary key `{table.PrimaryKey}`:\n{Datum.Print(document)}", existing);
            return;
        }
        if (!Datum.AreEqual(newKey, key))
        {
            // Without a stored document the server words it as a write hook's change: no quotes, no full stop.
            stats.Error(existing is null
                ? KeyChangedMessage(table, null, document)
                : $"Primary key `{table.PrimaryKey}` cannot be changed (`{Datum.Print(existing)}` -> `{Datum.Print(document)}`).", existing);
            return;
        }
        if (existing is null)
        {
            Commit(table, key, null, document, stats);
            return;
        }
        Store(table, key, existing, document, stats);
    }

    /// <summary>The server's words for a write that changes a document's primary key, as its btree checks it.</summary>
    private static string KeyChangedMessage(MemoryTable table, JsonObject? existing, JsonObject document) =>
        $"Primary key `{table.PrimaryKey}` cannot be changed ({Datum.Print(existing)} -> {Datum.Print(document)})";

    private DatumValue Delete(Args args)
    {
        var returnChanges = ParseReturnChanges(args);
        CheckDurability(args);
        var (table, keys) = WriteTargets(args[0]);
        RequireWrite(table);
        ReadIgnoreWriteHook(args, table);
        var stats = new WriteStats(returnChanges);
        lock (_store.Sync)
        {
            foreach (var key in MemoryTable.WriteOrder(keys))
            {
                if (table.Documents.TryGetValue(key, out var existing))
                {
                    Commit(table, key, existing, null, stats);
                }
                else
                {
                    stats.Skipped++;
                    stats.Change(null, null, changed: false);
                }
            }
        }
        return Made(stats.ToDatum());
    }

    /// <summary>The table and the primary keys a write applies to: a table, a selection, or one document.</summary>
    private (MemoryTable Table, List<JsonNode> Keys) WriteTargets(Value target)
    {
        switch (target)
        {
            case SingleSelectionValue single:
                return (single.Table, [single.Key]);
            case TableValue table:
                return (table.Table, [.. Snapshot(table.Table).Rows.Select(r => ((JsonObject)r!)[table.Table.PrimaryKey]!)]);
            case SequenceValue { Table: { } selectionTable } selection:
                return (selectionTable, [.. selection.Rows.Select(r => ((JsonObject)r!)[selectionTable.PrimaryKey]!)]);
            default:
                throw TypeError(target, "SELECTION");
        }
    }
}
