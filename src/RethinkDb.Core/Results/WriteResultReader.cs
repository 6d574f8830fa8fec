using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RethinkDb.Protocol;

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
        // The changes' values as deep as the caller's options allow, inside the results array, the summary, its
        // changes array and the change object; without changes to read, the summary is only skipped over.
        var reader = new Utf8JsonReader(results, changes is null
            ? ResponseDepth.Structure
            : ResponseDepth.Values(changes.Options, enclosingLevels: 4));
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
                inserted = ResponseFields.ReadCount(ref reader, "inserted");
            }
            else if (reader.ValueTextEquals("replaced"u8))
            {
                replaced = ResponseFields.ReadCount(ref reader, "replaced");
            }
            else if (reader.ValueTextEquals("unchanged"u8))
            {
                unchanged = ResponseFields.ReadCount(ref reader, "unchanged");
            }
            else if (reader.ValueTextEquals("skipped"u8))
            {
                skipped = ResponseFields.ReadCount(ref reader, "skipped");
            }
            else if (reader.ValueTextEquals("deleted"u8))
            {
                deleted = ResponseFields.ReadCount(ref reader, "deleted");
            }
            else if (reader.ValueTextEquals("errors"u8))
            {
                errors = ResponseFields.ReadCount(ref reader, "errors");
            }
            else if (reader.ValueTextEquals("first_error"u8))
            {
                firstError = ResponseFields.ReadString(ref reader, "first_error");
            }
            else if (reader.ValueTextEquals("generated_keys"u8))
            {
                generatedKeys = ResponseFields.ReadStrings(ref reader, "generated_keys");
            }
            else if (reader.ValueTextEquals("warnings"u8))
            {
                warnings = ResponseFields.ReadStrings(ref reader, "warnings");
            }
            else if (changes is not null && reader.ValueTextEquals("changes"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw ResponseFields.WrongType("changes", reader.TokenType, "an array of change objects");
                }
                changeList = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
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
}
