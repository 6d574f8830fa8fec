using System.Text.Json;
using System.Text.Json.Serialization;

namespace RethinkDb.Protocol;

/// <summary>
/// Lets expressions stand inside serialized objects (<c>Insert(new { id = 1, created = R.Now() })</c>): each is written
/// as a placeholder that <see cref="DatumWriter"/> replaces by the expression's term.
/// </summary>
/// <remarks>
/// A factory with one converter per public expression type, so no generic type is made at run time (AOT-safe).
/// Expressions cannot be read back: results are data, never terms.
/// </remarks>
internal sealed class ReqlExprJsonConverter : JsonConverterFactory
{
    private static readonly Converter<ReqlExpr> ForExpr = new();
    private static readonly Converter<ReqlTerm> ForTerm = new();
    private static readonly Converter<ReqlDatum> ForDatum = new();

    public override bool CanConvert(Type typeToConvert) => typeof(ReqlExpr).IsAssignableFrom(typeToConvert);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(ReqlTerm) ? ForTerm
        : typeToConvert == typeof(ReqlDatum) ? ForDatum
        : ForExpr;

    private sealed class Converter<T> : JsonConverter<T>
        where T : ReqlExpr
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A ReqlExpr cannot be deserialized: query results are values, not terms.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            DatumWriter.WritePlaceholder(writer, value);
    }
}
