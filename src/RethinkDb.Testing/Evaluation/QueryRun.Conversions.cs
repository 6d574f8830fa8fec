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
        SequenceValue { IsArray: true } array => ToArray(array.Rows),
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

    private QueryFailure TypeError(Value value, string expected) =>
        value is DatumValue datum
            ? DatumTypeError(value, datum.Node, expected)
            : Fail(ErrorType.QueryLogic, $"Expected type {expected} but found {value.TypeName}.", value.Origin);

    /// <summary>"Expected type X but found Y." — NON_EXISTENCE when the value is null, as <c>exc_type</c> decides.</summary>
    private QueryFailure DatumTypeError(Value value, JsonNode? node, string expected) =>
        Fail(node is null ? ErrorType.NonExistence : ErrorType.QueryLogic,
            $"Expected type {expected} but found {Datum.TypeName(node)}.", value.Origin);

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
