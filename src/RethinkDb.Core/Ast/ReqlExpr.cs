using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A ReQL expression: a term of the query language that can be run on a <see cref="Connection"/>.
/// Build expressions with <see cref="R"/>.
/// </summary>
public abstract partial class ReqlExpr
{
    /// <summary>The term type this expression is sent as (<see cref="TermType.Datum"/> for plain values).</summary>
    public abstract TermType TermType { get; }

    /// <summary>Writes the wire JSON of the expression.</summary>
    internal abstract void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options);
}
