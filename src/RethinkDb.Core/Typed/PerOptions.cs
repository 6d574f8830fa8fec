using System.Text.Json;

namespace RethinkDb;

/// <summary>
/// A value computed once per serializer options instance and kept by an immutable part of a query (a member's escaped
/// name, a cached function's JSON). A program writes its queries with one or two options instances; a few are kept,
/// and beyond <see cref="Capacity"/> the value is computed again on every write rather than growing without bound.
/// </summary>
internal static class PerOptions
{
    /// <summary>The most options instances one holder keeps a value for.</summary>
    public const int Capacity = 4;

    /// <summary>The value kept for <paramref name="options"/>, or null.</summary>
    public static T? Find<T>(Entry<T>[] entries, JsonSerializerOptions options) where T : class
    {
        foreach (var entry in entries)
        {
            if (ReferenceEquals(entry.Options, options))
            {
                return entry.Value;
            }
        }
        return null;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="options"/> while there is room. The array is replaced,
    /// never changed, so readers on other threads see either the old or the new one; an entry lost to a race is only
    /// computed again.</summary>
    public static void Add<T>(ref Entry<T>[] entries, JsonSerializerOptions options, T value) where T : class
    {
        var current = Volatile.Read(ref entries);
        // Two threads writing the same new query at once both compute the value: the second does not take a slot.
        if (current.Length < Capacity && Find(current, options) is null)
        {
            Volatile.Write(ref entries, [.. current, new Entry<T>(options, value)]);
        }
    }

    /// <summary>A value and the options it was computed with.</summary>
    public sealed record Entry<T>(JsonSerializerOptions Options, T Value);
}
