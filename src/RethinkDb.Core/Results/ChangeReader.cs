using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RethinkDb;

/// <summary>Reads change objects (<c>{"old_val":…,"new_val":…}</c>, state notes) into <see cref="Change{T}"/>.</summary>
internal static class ChangeReader
{
    /// <summary>Reads the object at the reader (positioned on its <c>{</c>); leaves the reader on its <c>}</c>.</summary>
    public static Change<T> Read<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> info)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            // A result that is no change object (a feed read from a query that is not one) cannot be read as a Change.
            throw new JsonException($"Expected a change object but found {reader.TokenType}.");
        }
        T? oldVal = default, newVal = default;
        string? type = null, state = null, error = null;
        long? oldOffset = null, newOffset = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("new_val"u8))
            {
                reader.Read();
                newVal = JsonSerializer.Deserialize(ref reader, info);
            }
            else if (reader.ValueTextEquals("old_val"u8))
            {
                reader.Read();
                oldVal = JsonSerializer.Deserialize(ref reader, info);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                type = ResponseFields.ReadString(ref reader, "type");
            }
            else if (reader.ValueTextEquals("state"u8))
            {
                state = ResponseFields.ReadString(ref reader, "state");
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                error = ResponseFields.ReadString(ref reader, "error");
            }
            else if (reader.ValueTextEquals("old_offset"u8))
            {
                oldOffset = ResponseFields.ReadOptionalCount(ref reader, "old_offset");
            }
            else if (reader.ValueTextEquals("new_offset"u8))
            {
                newOffset = ResponseFields.ReadOptionalCount(ref reader, "new_offset");
            }
            else
            {
                // fake_new_val and anything a later server adds.
                reader.Read();
                reader.Skip();
            }
        }
        return new Change<T>
        {
            OldVal = oldVal,
            NewVal = newVal,
            Type = type,
            State = state,
            Error = error,
            OldOffset = oldOffset,
            NewOffset = newOffset,
        };
    }
}
