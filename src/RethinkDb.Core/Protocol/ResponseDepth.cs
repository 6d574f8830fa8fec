using System.Text.Json;

namespace RethinkDb.Protocol;

/// <summary>
/// How deep the driver reads the JSON of a response: its structure at any depth, the values given to the serializer
/// as deep as the caller's options allow.
/// </summary>
/// <remarks>
/// The server returns values as deeply nested as they were stored or built (2.4.4 returns an object 1,000 levels deep
/// whole; a query needs no such depth to make one: <c>r.json</c> of a deep text does). <see cref="Utf8JsonReader"/>
/// stops at 64 levels unless told otherwise, and the connection's reader treats a body it cannot read as a broken
/// server: one deep document used to close the connection and fail every query on it. The structure of a response
/// (its fields, and skipping over its results to find them) is read without recursion, so at any depth
/// (<see cref="Structure"/>); the body's size bounds it. Values deserialized into the caller's types go to
/// <see cref="JsonSerializer"/>, whose converters recurse once per level of a nested type: given a reader, it
/// checks no depth of its own, so the reader enforces the caller's <see cref="JsonSerializerOptions.MaxDepth"/>
/// (<see cref="Values"/>), and a deeper value fails its query alone with a <see cref="JsonException"/> that says
/// how to read it (<see cref="TooDeep"/>).
/// </remarks>
internal static class ResponseDepth
{
    // System.Text.Json's depth when JsonSerializerOptions.MaxDepth is 0.
    private const int SerializerDefaultMaxDepth = 64;

    /// <summary>For reading a response's structure and skipping over its values: any depth.</summary>
    public static readonly JsonReaderOptions Structure = new() { MaxDepth = int.MaxValue };

    /// <summary>How many levels a value read with <paramref name="options"/> may nest.</summary>
    public static int ValueLimit(JsonSerializerOptions options) =>
        options.MaxDepth == 0 ? SerializerDefaultMaxDepth : options.MaxDepth;

    /// <summary>
    /// For reading values with <paramref name="options"/> where the response wraps them in
    /// <paramref name="enclosingLevels"/> levels (the results array, a batch's array atom, a write summary's changes).
    /// </summary>
    public static JsonReaderOptions Values(JsonSerializerOptions options, int enclosingLevels) =>
        new() { MaxDepth = ValueLimit(options) + enclosingLevels };

    /// <summary>
    /// The number of levels of the first value in <paramref name="json"/> (after white space and one separating
    /// comma, as where a cursor stopped in a batch): 1 for a scalar or an empty array. 0 when there is no value.
    /// Reads without recursion, at any depth; only on the failure path (it reads the value a second time).
    /// </summary>
    public static int LevelsOfFirstValue(ReadOnlySpan<byte> json)
    {
        json = SkipSeparator(json);
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(Structure));
            if (!reader.Read())
            {
                return 0;
            }
            if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
            {
                return 1;
            }
            var deepest = 1;
            while (reader.Read() && reader.CurrentDepth > 0)
            {
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    deepest = Math.Max(deepest, reader.CurrentDepth + 1);
                }
            }
            return deepest;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    /// <summary><paramref name="json"/> after leading white space and one comma (and the white space after it).</summary>
    public static ReadOnlySpan<byte> SkipSeparator(ReadOnlySpan<byte> json)
    {
        json = json.TrimStart(" \t\r\n"u8);
        return json.Length > 0 && json[0] == (byte)',' ? json[1..].TrimStart(" \t\r\n"u8) : json;
    }

    /// <summary>The error for a value nested deeper than <paramref name="options"/> let the serializer read.</summary>
    public static JsonException TooDeep(JsonSerializerOptions options, JsonException cause) => new(
        $"The result nests more deeply than the {ValueLimit(options)} levels JsonSerializerOptions.MaxDepth lets the " +
        "serializer read. Raise MaxDepth in the options the driver uses (ConnectionOptions.JsonSerializerOptions, or " +
        "RethinkDbDataSourceBuilder.UseJsonSerializerOptions), or select fewer levels in the query (pluck, getField).",
        cause);
}
