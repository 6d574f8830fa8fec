using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Testing.Evaluation;

namespace RethinkDb.Testing;

/// <summary>
/// Writes a value of an answer as the real server writes it: numbers as rapidjson lays them out
/// (<see cref="Datum.FormatNumber"/>: <c>100000000000000000.0</c>, <c>1e21</c>, <c>1e-7</c>, <c>-0.0</c>, integers past
/// 2^53 with <c>.0</c>), where System.Text.Json would write <c>1E+17</c>, <c>1E-07</c> or <c>-0</c>. A client reading
/// numbers as numbers sees no difference; one comparing the JSON text (a test asserting a raw answer) does.
/// </summary>
/// <remarks>
/// Walks the value with a stack of its own instead of recursing, so a value nested at any depth is written (see
/// <see cref="Nesting"/>).
/// </remarks>
internal static class WireValueWriter
{
    public static void Write(Utf8JsonWriter writer, JsonNode? value)
    {
        var open = new Stack<Container>();
        Begin(writer, value, open);
        while (open.Count > 0)
        {
            var container = open.Peek();
            if (container.Properties is { } properties)
            {
                if (properties.MoveNext())
                {
                    writer.WritePropertyName(properties.Current.Key);
                    Begin(writer, properties.Current.Value, open);
                }
                else
                {
                    open.Pop();
                    writer.WriteEndObject();
                }
            }
            else if (container.Items!.MoveNext())
            {
                Begin(writer, container.Items.Current, open);
            }
            else
            {
                open.Pop();
                writer.WriteEndArray();
            }
        }
    }

    /// <summary>Writes a scalar whole, or opens an object or array and pushes it to be written item by item.</summary>
    private static void Begin(Utf8JsonWriter writer, JsonNode? value, Stack<Container> open)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                open.Push(new Container(obj.GetEnumerator(), null));
                break;
            case JsonArray array:
                writer.WriteStartArray();
                open.Push(new Container(null, array.GetEnumerator()));
                break;
            case JsonValue number when number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<double>(out var d):
                writer.WriteRawValue(Datum.FormatNumber(d), skipInputValidation: true);
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private sealed record Container(IEnumerator<KeyValuePair<string, JsonNode?>>? Properties, IEnumerator<JsonNode?>? Items);
}
