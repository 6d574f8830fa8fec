using System.Text.Json;
using System.Text.Json.Serialization;

namespace RethinkDb.Protocol;

/// <summary>
/// Reads and writes <c>byte[]</c> as the <c>BINARY</c> pseudo-type: <c>{"$reql_type$":"BINARY","data":"&lt;base64&gt;"}</c>.
/// </summary>
/// <remarks>A plain base64 string is read too (what System.Text.Json writes for byte arrays by default).</remarks>
internal sealed class ReqlBinaryConverter : JsonConverter<byte[]>
{
    private static ReadOnlySpan<byte> DataKey => "data"u8;

    public override bool HandleNull => false;

    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetBytesFromBase64();
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a BINARY pseudo-type object, found {reader.TokenType}.");
        }
        byte[]? data = null;
        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(ReqlTime.TypeKey))
            {
                reader.Read();
                type = reader.GetString();
            }
            else if (reader.ValueTextEquals(DataKey))
            {
                reader.Read();
                data = reader.GetBytesFromBase64();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        if (type != "BINARY" || data is null)
        {
            throw new JsonException("Expected a BINARY pseudo-type object with $reql_type$ \"BINARY\" and data.");
        }
        return data;
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => WriteBinary(writer, value);

    internal static void WriteBinary(Utf8JsonWriter writer, ReadOnlySpan<byte> value)
    {
        writer.WriteStartObject();
        writer.WriteString(ReqlTime.TypeKey, "BINARY"u8);
        writer.WriteBase64String(DataKey, value);
        writer.WriteEndObject();
    }
}
