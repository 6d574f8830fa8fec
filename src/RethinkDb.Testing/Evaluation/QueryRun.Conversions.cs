using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// Values taken as datums, numbers, strings, objects and tables, and the failures a term raises, with the server's
/// messages and error types.
/// </content>
internal sealed partial class QueryRun
{
    private JsonNode? AsDatum(Value value) => value switch
    {
        DatumValue datum => datum.Node,
        SingleSelectionValue single => single.Document,
        // A selection is not a datum, even loaded into an array (order_by on a table, sample).
        SequenceValue { IsArray: true, Table: null } array => ToArray(array.Rows),
        _ => throw TypeError(value, "DATUM"),
    };

    private double AsNumber(Value value)
    {
        var node = AsDatum(value);
        return Datum.Kind(node) == JsonValueKind.Number ? Datum.Number(node!) : throw DatumTypeError(value, node, "NUMBER");
    }

    private string AsString(Value value)
    {
        var node = AsDatum(value);
        return Datum.Kind(node) == JsonValueKind.String ? Datum.String(node!) : throw DatumTypeError(value, node, "STRING");
    }

    private bool AsBool(Value value) => Datum.IsTruthy(AsDatum(value));

    private JsonObject AsObject(Value value)
    {
        var node = AsDatum(value);
        return node as JsonObject ?? throw DatumTypeError(value, node, "OBJECT");
    }

    private MemoryTable AsTable(Value value) => value is TableValue table ? table.Table : throw TypeError(value, "TABLE");

    /// <summary>
    /// A value of the wrong kind, as <c>val_t</c>'s own check words it: the value's kind and its print
    /// (<c>Expected type TABLE but found DATUM:\n5</c>, <c>… found DATABASE:\ndb("test")</c>). A datum where a datum of
    /// another type is expected gets the datum's words instead (<c>Expected type GROUPED_DATA but found NUMBER.</c>).
    /// </summary>
    private QueryFailure TypeError(Value value, string expected)
    {
        if (value is DatumValue datum && expected is not ("TABLE" or "TABLE_SLICE" or "SELECTION" or "DATABASE" or "FUNCTION"))
        {
            return DatumTypeError(value, datum.Node, expected);
        }
        return Described(value) is var (found, print)
            ? Fail(value is DatumValue { Node: null } or SingleSelectionValue { Document: null } ? ErrorType.NonExistence : ErrorType.QueryLogic,
                $"Expected type {expected} but found {found}:\n{print}", value.Origin)
            : Fail(ErrorType.QueryLogic, $"Expected type {expected} but found {value.TypeName}.", value.Origin);
    }

    /// <summary>How <c>val_t</c> names and prints a value in its type errors, for the kinds checked against 2.4.4.</summary>
    private static (string Found, string Print)? Described(Value value) => value switch
    {
        DatumValue datum => ("DATUM", Datum.Print(datum.Node)),
        SequenceValue { Table: null, IsArray: true } array => ("DATUM", Datum.Print(new JsonArray([.. array.Rows.Select(Datum.Own)]))),
        SequenceValue { Table: null } or FeedValue => ("SEQUENCE", "VALUE SEQUENCE"),
        SequenceValue { Slice: not null, Table: { } sliced } => ("TABLE_SLICE", $"SELECTION ON table({sliced.Name})"),
        SequenceValue { Table: { } table } => ("SELECTION", $"SELECTION ON table({table.Name})"),
        TableValue table => ("TABLE", $"table(\"{table.Table.Name}\")"),
        DbValue db => ("DATABASE", $"db(\"{db.Db.Name}\")"),
        FuncValue => ("FUNCTION", "VALUE FUNCTION"),
        SingleSelectionValue single => ("SINGLE_SELECTION", Datum.Print(single.Document)),
        _ => null,
    };

    /// <summary>"Expected type X but found Y." — NON_EXISTENCE when the value is null, as <c>exc_type</c> decides.</summary>
    private QueryFailure DatumTypeError(Value value, JsonNode? node, string expected) => DatumTypeError(node, expected, value.Origin);

    /// <summary>As <see cref="DatumTypeError(Value, JsonNode?, string)"/>, blamed at <paramref name="at"/> or, by default, on the term being evaluated.</summary>
    private QueryFailure DatumTypeError(JsonNode? node, string expected, object[]? at = null) =>
        TypedError(node, $"Expected type {expected} but found {Datum.TypeName(node)}.", at);

    private QueryFailure LogicError(string message, object[]? at = null) => Fail(ErrorType.QueryLogic, message, at);

    private QueryFailure MissingError(string message, object[]? at = null) => Fail(ErrorType.NonExistence, message, at);

    private QueryFailure LimitError(string message, object[]? at = null) => Fail(ErrorType.ResourceLimit, message, at);

    private QueryFailure OpFailedError(string message, object[]? at = null) => Fail(ErrorType.OpFailed, message, at);

    private QueryFailure UserError(string message, object[]? at = null) => Fail(ErrorType.User, message, at);

    /// <summary>A NON_EXISTENCE error when the value is null (as <c>exc_type</c>), a logic error otherwise.</summary>
    private QueryFailure TypedError(JsonNode? node, string message, object[]? at = null) =>
        Fail(node is null ? ErrorType.NonExistence : ErrorType.QueryLogic, message, at);

    private static bool IsNonExistence(QueryFailure failure) => failure.ErrorType == ErrorType.NonExistence;

    private QueryFailure Fail(ErrorType type, string message, object[]? at = null) =>
        QueryFailure.Runtime(type, message, at ?? [.. _path]);
}
