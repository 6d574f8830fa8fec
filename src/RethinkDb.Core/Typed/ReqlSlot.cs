using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// A place in a cached translation (<see cref="LambdaCache"/>) for a value the client evaluates on every call (a
/// captured variable): replaced by that value before the term leaves the cache, never written.
/// </summary>
internal sealed class ReqlSlot(int nodeIndex) : ReqlExpr
{
    /// <summary>The pre-order index, in the lambda, of the expression whose value goes here.</summary>
    public int NodeIndex { get; } = nodeIndex;

    /// <inheritdoc />
    public override TermType TermType => TermType.Datum;

    internal override bool HasImplicitVar => false;

    internal override void WriteTo(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        throw new InvalidOperationException("A cached lambda translation was written before its values were filled in.");
}
