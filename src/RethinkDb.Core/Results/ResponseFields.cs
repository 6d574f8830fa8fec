using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// Reads the driver-defined fields of results (write summaries, change objects), checking each one's JSON type: a
/// field of the wrong type is a response the server could never have sent, an "Invalid response" error, never an
/// <see cref="InvalidOperationException"/> from the reader.
/// </summary>
internal static class ResponseFields
{
    /// <summary>Reads a string or null (the reader on the property name; left on the value).</summary>
    public static string? ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            throw WrongType(field, reader.TokenType, "a string");
        }
        return GetString(ref reader, field);
    }

    /// <summary>Reads a whole number (the reader on the property name; left on the value).</summary>
    public static long ReadCount(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw WrongType(field, reader.TokenType, "a number");
        }
        // Numbers are doubles to the server; counts are whole, but read them tolerantly.
        if (reader.TryGetInt64(out var whole))
        {
            return whole;
        }
        if (reader.TryGetDouble(out var number) && double.IsFinite(number) && Math.Abs(number) < 9.2e18)
        {
            return (long)number;
        }
        throw InvalidResponse.Create($"the field \"{field}\" is a number out of range.");
    }

    /// <summary>Reads a whole number or null (the reader on the property name; left on the value).</summary>
    public static long? ReadOptionalCount(ref Utf8JsonReader reader, string field)
    {
        var copy = reader;
        copy.Read();
        if (copy.TokenType == JsonTokenType.Null)
        {
            reader = copy;
            return null;
        }
        return ReadCount(ref reader, field);
    }

    /// <summary>Reads an array of strings (the reader on the property name; left on the array's end).</summary>
    public static List<string> ReadStrings(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw WrongType(field, reader.TokenType, "an array of strings");
        }
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw WrongType(field, reader.TokenType, "an array of strings");
            }
            list.Add(GetString(ref reader, field));
        }
        return list;
    }

    /// <summary>The error for a result that is not the object a field reader expects.</summary>
    public static ReqlDriverError WrongType(string field, JsonTokenType found, string expected) =>
        InvalidResponse.Create($"the field \"{field}\" is {found}, not {expected}.");

    private static string GetString(ref Utf8JsonReader reader, string field)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidResponse.Create($"the field \"{field}\" is not valid UTF-8.", ex);
        }
    }
}
