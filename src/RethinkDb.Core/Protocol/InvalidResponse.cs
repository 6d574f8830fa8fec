using System.Text.Json;
using System.Text.Unicode;

namespace RethinkDb.Protocol;

/// <summary>
/// The error for a response the server could never have sent (not JSON, a field of the wrong type, invalid UTF-8):
/// a <see cref="ReqlDriverError"/> "Invalid response from the server ...", the cause as its inner exception.
/// </summary>
/// <remarks>
/// <para>It is marked (<see cref="IsInvalidResponse"/>) so the connection's reader can tell it from the other driver
/// errors: a frame whose body cannot be parsed says the server (or what sits between) is broken.</para>
/// <para><see cref="JsonException"/> stays what it is documented as: a valid result that cannot be read as the
/// caller's type. So where a read fails with one, <see cref="IsWellFormed"/> decides which of the two it was.</para>
/// </remarks>
internal static class InvalidResponse
{
    private const string MarkKey = "RethinkDb.InvalidResponse";

    /// <summary>An "Invalid response from the server" error, marked as such.</summary>
    public static ReqlDriverError Create(string detail, Exception? cause = null, long? token = null)
    {
        var error = new ReqlDriverError(token is { } t
            ? $"Invalid response from the server for token {t}: {detail}"
            : $"Invalid response from the server: {detail}", cause);
        error.Data[MarkKey] = true;
        return error;
    }

    /// <summary>Whether <paramref name="error"/> reports a response the server could never have sent.</summary>
    public static bool IsInvalidResponse(Exception error) => error.Data[MarkKey] is true;

    /// <summary>
    /// Whether the first value of <paramref name="json"/> (after white space and a separating comma, as where a cursor
    /// stopped in a batch) is well-formed JSON with valid UTF-8, at any depth: then a read that failed on it failed
    /// because of the caller's type or options, not because of the server.
    /// </summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> json)
    {
        json = ResponseDepth.SkipSeparator(json);
        try
        {
            var reader = new Utf8JsonReader(json, ResponseDepth.Structure);
            if (!reader.Read())
            {
                return false;
            }
            reader.Skip();
            // The reader checks the structure; the text inside strings is checked only when decoded.
            return Utf8.IsValid(json[..(int)reader.BytesConsumed]);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Rethrows a <see cref="JsonException"/> of a read over the first value of <paramref name="json"/> as the error it
    /// stands for: the server's (not JSON, not UTF-8), a value deeper than <paramref name="levelsAllowed"/> (the levels
    /// the reader allowed it under the caller's <paramref name="options"/>), or the caller's type.
    /// </summary>
    public static Exception Classify(JsonException error, ReadOnlySpan<byte> json, JsonSerializerOptions options, int levelsAllowed)
    {
        if (!IsWellFormed(json))
        {
            return Create("the results are not valid JSON or UTF-8.", error);
        }
        return ResponseDepth.LevelsOfFirstValue(json) > levelsAllowed ? ResponseDepth.TooDeep(options, error) : error;
    }
}
