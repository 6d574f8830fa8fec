using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing;

/// <summary>
/// The bytes of a response frame as the real server writes them (<c>write_response_internal</c>): the token and
/// length header, then the JSON body with the fields in the server's order and text escaped as rapidjson escapes it.
/// </summary>
internal static class ResponseFrame
{
    /// <summary>
    /// Text as the real server writes it (rapidjson): UTF-8 as is, only quotes, backslashes and control characters
    /// escaped. The default encoder would escape every non-ASCII character and HTML-sensitive ones such as a
    /// backtick, and hide a client that decodes multi-byte UTF-8 wrongly.
    /// </summary>
    private static readonly JsonWriterOptions WireWriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = Evaluation.Nesting.MaxWrittenDepth,
    };

    /// <summary>A whole frame: header and JSON body.</summary>
    /// <param name="token">The query's token.</param>
    /// <param name="type">The <c>t</c> field.</param>
    /// <param name="errorType">The <c>e</c> field, written for a RUNTIME_ERROR only.</param>
    /// <param name="results">The <c>r</c> field.</param>
    /// <param name="notes">The <c>n</c> field of a stream's answers; none when null.</param>
    /// <param name="backtrace">The <c>b</c> field: argument indexes (numbers) and optional-argument names (strings).</param>
    /// <param name="profile">The <c>p</c> field of a query run with <c>profile: true</c>; none when null.</param>
    public static byte[] Build(long token, ResponseType type, ErrorType errorType, IReadOnlyList<JsonNode?> results,
        ResponseNote[]? notes = null, IReadOnlyList<object>? backtrace = null, JsonNode? profile = null)
    {
        // Every error response carries a backtrace, empty when there is none to give (response_t::fill_error).
        backtrace ??= type is ResponseType.ClientError or ResponseType.CompileError or ResponseType.RuntimeError ? [] : null;
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body, WireWriterOptions))
        {
            // The fields in the real server's order (write_response_internal): t, e, r, b, p, n.
            writer.WriteStartObject();
            writer.WriteNumber("t", (int)type);
            if (type == ResponseType.RuntimeError)
            {
                writer.WriteNumber("e", (int)errorType);
            }
            writer.WritePropertyName("r");
            writer.WriteStartArray();
            foreach (var result in results)
            {
                if (result is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    WireValueWriter.Write(writer, result);
                }
            }
            writer.WriteEndArray();
            if (backtrace is not null)
            {
                writer.WriteStartArray("b");
                foreach (var step in backtrace)
                {
                    if (step is int index)
                    {
                        writer.WriteNumberValue(index);
                    }
                    else
                    {
                        writer.WriteStringValue(step.ToString());
                    }
                }
                writer.WriteEndArray();
            }
            if (profile is not null)
            {
                writer.WritePropertyName("p");
                WireValueWriter.Write(writer, profile);
            }
            if (type is ResponseType.SuccessPartial or ResponseType.SuccessSequence)
            {
                // Always there for a stream's answers, empty when there is nothing to note (write_response_internal).
                writer.WriteStartArray("n");
                foreach (var note in notes ?? [])
                {
                    writer.WriteNumberValue((int)note);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Frame(token, WriteTextAsRapidJsonDoes(body.WrittenSpan));
    }

    /// <summary>A frame around any body, even one that is not JSON (for the faults that send garbage).</summary>
    public static byte[] Frame(long token, ReadOnlySpan<byte> body)
    {
        var frame = new byte[WireConstants.FrameHeaderSize + body.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, token);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), body.Length);
        body.CopyTo(frame.AsSpan(WireConstants.FrameHeaderSize));
        return frame;
    }

    /// <summary>
    /// Utf8JsonWriter escapes a character beyond the Basic Multilingual Plane (an emoji) as a surrogate pair,
    /// <c>\uD83D\uDE00</c>, whatever its encoder, and even its relaxed encoder escapes some others (U+007F, U+00A0,
    /// U+2028, U+FEFF, private-use characters…); rapidjson writes every character but quotes, backslashes and control
    /// characters as its UTF-8 bytes. Rewrites those escapes, so a client's decoding of multi-byte UTF-8 is exercised
    /// as against the real server.
    /// </summary>
    private static ReadOnlySpan<byte> WriteTextAsRapidJsonDoes(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u"u8) < 0)
        {
            return json;
        }
        var output = new ArrayBufferWriter<byte>(json.Length);
        var i = 0;
        while (i < json.Length)
        {
            var backslash = json[i..].IndexOf((byte)'\\');
            if (backslash < 0)
            {
                output.Write(json[i..]);
                break;
            }
            output.Write(json.Slice(i, backslash));
            i += backslash;
            if (i + 12 <= json.Length && json[i + 1] == 'u' && json[i + 6] == '\\' && json[i + 7] == 'u' &&
                Utf8Parser.TryParse(json.Slice(i + 2, 4), out ushort high, out _, 'X') && char.IsHighSurrogate((char)high) &&
                Utf8Parser.TryParse(json.Slice(i + 8, 4), out ushort low, out _, 'X') && char.IsLowSurrogate((char)low))
            {
                output.Advance(new Rune((char)high, (char)low).EncodeToUtf8(output.GetSpan(4)));
                i += 12;
            }
            else if (i + 6 <= json.Length && json[i + 1] == 'u' && Utf8Parser.TryParse(json.Slice(i + 2, 4), out ushort unit, out _, 'X')
                && unit >= 0x7F && !char.IsSurrogate((char)unit))
            {
                output.Advance(new Rune(unit).EncodeToUtf8(output.GetSpan(3)));
                i += 6;
            }
            else
            {
                // Any other escape stays: the backslash and the character it escapes (so `\\uD83D` is never read as
                // an escape).
                output.Write(json.Slice(i, 2));
                i += 2;
            }
        }
        return output.WrittenSpan;
    }
}
