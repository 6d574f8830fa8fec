using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// BINARY values, which the server keeps as a datum type of their own (<c>R_BINARY</c>), not as objects: object terms
/// refuse them as non-objects, <c>merge</c> and paths treat them as leaves, and they print and travel as the server
/// writes them — <c>{"$reql_type$":"BINARY","data":…}</c> with the base64 broken into lines of 76 characters by CRLF
/// (its encoder's MIME layout), compact even inside a pretty print.
/// </summary>
internal static class Binary
{
    public const string TypeName = "BINARY";

    /// <summary>Whether <paramref name="node"/> is a BINARY (always a sanitized pseudo-type object once built).</summary>
    public static bool Is(JsonNode? node) => Datum.PseudoType(node) == TypeName;

    /// <summary>A BINARY holding <paramref name="bytes"/>, its base64 laid out as the server writes it.</summary>
    public static JsonObject Of(ReadOnlySpan<byte> bytes) => new()
    {
        [Datum.ReqlType] = TypeName,
        ["data"] = Base64(bytes),
    };

    /// <summary>The base64 of <paramref name="bytes"/> as the server writes it: lines of 76 characters joined by CRLF.</summary>
    public static string Base64(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks);

    /// <summary>The bytes of a BINARY (its line breaks are white space to the decoder).</summary>
    public static byte[] Bytes(JsonNode binary) => Convert.FromBase64String(Datum.String(((JsonObject)binary)["data"]!));

    /// <summary>The server's print of a BINARY: compact JSON, whatever the writer around it.</summary>
    public static string Print(JsonNode binary) =>
        $"{{\"$reql_type$\":\"BINARY\",\"data\":{RapidJsonText.Quote(Datum.String(((JsonObject)binary)["data"]!))}}}";
}
