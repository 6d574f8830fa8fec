using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RethinkDb;

/// <summary>Reads the server's write summary object into <see cref="WriteResult"/> / <see cref="WriteResult{T}"/>.</summary>
internal static class WriteResultReader
{
    /// <summary>
    /// Reads <c>r[0]</c> of a SUCCESS_ATOM response. With <paramref name="changes"/> null the <c>changes</c> array
    /// is skipped and a plain <see cref="WriteResult"/> is returned.
    /// </summary>
    public static WriteResult Read<T>(ReadOnlySpan<byte> results, JsonTypeInfo<T>? changes)
    {
        var reader = new Utf8JsonReader(results);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.Read() ||
            reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ReqlDriverError("The query did not return a write result (an object with inserted, replaced... counts).");
        }
        long inserted = 0, replaced = 0, unchanged = 0, skipped = 0, deleted = 0, errors = 0;
        string? firstError = null;
        IReadOnlyList<string> generatedKeys = [], warnings = [];
        List<Change<T>>? changeList = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("inserted"u8))
            {
                inserted = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("replaced"u8))
            {
                replaced = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("unchanged"u8))
            {
                unchanged = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("skipped"u8))
            {
                skipped = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("deleted"u8))
            {
                deleted = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("errors"u8))
            {
                errors = ReadCount(ref reader);
            }
            else if (reader.ValueTextEquals("first_error"u8))
            {
                reader.Read();
                firstError = reader.GetString();
            }
            else if (reader.ValueTextEquals("generated_keys"u8))
            {
                generatedKeys = ReadStrings(ref reader);
            }
            else if (reader.ValueTextEquals("warnings"u8))
            {
                warnings = ReadStrings(ref reader);
            }
            else if (changes is not null && reader.ValueTextEquals("changes"u8))
            {
                reader.Read();
                changeList = [];
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    changeList.Add(ChangeReader.Read(ref reader, changes));
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (changes is null)
        {
            return new WriteResult
            {
                Inserted = inserted, Replaced = replaced, Unchanged = unchanged, Skipped = skipped, Deleted = deleted,
                Errors = errors, FirstError = firstError, GeneratedKeys = generatedKeys, Warnings = warnings,
            };
        }
        return new WriteResult<T>
        {
            Inserted = inserted, Replaced = replaced, Unchanged = unchanged, Skipped = skipped, Deleted = deleted,
            Errors = errors, FirstError = firstError, GeneratedKeys = generatedKeys, Warnings = warnings,
            Changes = (IReadOnlyList<Change<T>>?)changeList ?? [],
        };
    }

    private static long ReadCount(ref Utf8JsonReader reader)
    {
        reader.Read();
        // Numbers are doubles to the server; counts are whole, but read them tolerantly.
        return reader.TryGetInt64(out var whole) ? whole : (long)reader.GetDouble();
    }

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        reader.Read();
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetString() ?? "");
        }
        return list;
    }
}
