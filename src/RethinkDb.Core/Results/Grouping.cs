using System.Text.Json.Serialization;

namespace RethinkDb;

/// <summary>
/// One group of a <c>group()</c> result: the group key and the reduction (the documents of the group, or the
/// value of <c>count()</c>, <c>sum()</c>... applied to them).
/// </summary>
/// <remarks>
/// The server answers <c>group()</c> with a <c>GROUPED_DATA</c> pseudo-type. Unless
/// <see cref="RunOptions.GroupFormat"/> is <c>"raw"</c>, the driver presents it as the official drivers do, a list of
/// <c>{"group": …, "reduction": …}</c> objects, so read it as <c>List&lt;Grouping&lt;TKey, TValue&gt;&gt;</c> (the same
/// type reads the output of <c>ungroup()</c>).
/// </remarks>
/// <typeparam name="TKey">The type of the group key.</typeparam>
/// <typeparam name="TValue">The type of the reduction.</typeparam>
/// <param name="Group">The group key.</param>
/// <param name="Reduction">The reduction of the group.</param>
public sealed record Grouping<TKey, TValue>(
    [property: JsonPropertyName("group")] TKey Group,
    [property: JsonPropertyName("reduction")] TValue Reduction);
