using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A cached lambda translation with nothing to fill in (<see cref="LambdaCache"/>): the same function is sent by every
/// query built from the lambda, so its JSON is encoded once per serializer options and copied into each query.
/// </summary>
/// <remarks>
/// Walkers of the query (the printer, the read-retry check) look at <see cref="Terms"/>. The copy is skipped, and
/// the function written term by term, when the query around it is already so deep that the copy could carry it past
/// the driver's nesting limit (<see cref="QueryLimits"/>): then the usual check reports it.
/// </remarks>
internal sealed class ReqlEncodedFunction(ReqlTerm function) : ReqlExpr
{
    private PerOptions.Entry<Encoded>[] _encodings = [];

    /// <summary>The function's terms.</summary>
    public ReqlTerm Terms { get; } = function;

    /// <inheritdoc />
    public override TermType TermType => Terms.TermType;

    internal override bool HasImplicitVar => Terms.HasImplicitVar;

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        // A program writes its queries with one or two options: keep the encoding for each (beyond a few, and when
        // the function cannot be encoded, it is written term by term, as any query is).
        var encoded = PerOptions.Find(_encodings, options);
        if (encoded is null)
        {
            if (_encodings.Length >= PerOptions.Capacity || (encoded = Encode(options)) is null)
            {
                Terms.WriteTo(writer, options);
                return;
            }
            PerOptions.Add(ref _encodings, options, encoded);
        }
        if (writer.CurrentDepth + encoded.Depth >= QueryLimits.MaxJsonDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            Terms.WriteTo(writer, options);
            return;
        }
        writer.WriteRawValue(encoded.Json, skipInputValidation: true);
    }

    /// <summary>The function's JSON under <paramref name="options"/>, or null when it cannot be written (a member the
    /// options do not serialize): the caller then writes it term by term, which reports the error.</summary>
    private Encoded? Encode(JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, QueryEncoder.WriterOptions))
            {
                Terms.WriteTo(writer, options);
            }
        }
        catch (ReqlError)
        {
            return null;
        }
        var json = buffer.WrittenSpan.ToArray();
        return new Encoded(json, DepthOf(json));
    }

    private static int DepthOf(byte[] json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = QueryEncoder.WriterOptions.MaxDepth });
        var depth = 0;
        while (reader.Read())
        {
            depth = Math.Max(depth, reader.CurrentDepth + 1);
        }
        return depth;
    }

    /// <summary>The function's JSON under one options instance, and how deeply it nests.</summary>
    private sealed record Encoded(byte[] Json, int Depth);
}
