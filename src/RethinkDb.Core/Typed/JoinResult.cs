using System.Text.Json.Serialization;

namespace RethinkDb;

/// <summary>A pair made by a join (<c>eqJoin</c>, <c>innerJoin</c>, <c>outerJoin</c>): <c>{"left": …, "right": …}</c>.</summary>
/// <typeparam name="TLeft">The type of the left element.</typeparam>
/// <typeparam name="TRight">The type of the right element.</typeparam>
/// <param name="Left">The element of the sequence joined from.</param>
/// <param name="Right">The matching element (absent, so default, for an outer join without a match).</param>
public sealed record JoinResult<TLeft, TRight>(
    [property: JsonPropertyName("left")] TLeft Left,
    [property: JsonPropertyName("right")] TRight? Right);
