using System.Buffers;
using System.Text.Json;

namespace RethinkDb.Protocol;

/// <summary>
/// The <c>db</c> global optarg of a START, <c>[14,["name"]]</c> (<c>r.db(name)</c>), encoded once per database name
/// instead of being escaped and written again by every query.
/// </summary>
/// <remarks>
/// A connection sends the same default database with every query, so a few slots cover a process (a data source per
/// database); a name that is not in them is encoded anew and takes the next slot. Slots are replaced whole (an entry is
/// immutable), so readers on other threads see an old entry or a new one, never a mix.
/// </remarks>
internal static class DefaultDbTerms
{
    private const int Slots = 8;

    // Long names are encoded each time rather than kept: the cache is for the default database, not for any string.
    private const int LongestCachedName = 128;

    private static readonly Entry?[] s_entries = new Entry?[Slots];
    private static int s_nextSlot;

    private sealed record Entry(string Name, byte[] Term);

    /// <summary>The JSON of <c>r.db(<paramref name="name"/>)</c>, as <see cref="QueryEncoder.WriterOptions"/> writes it.</summary>
    public static byte[] Get(string name)
    {
        foreach (var entry in s_entries)
        {
            if (entry is not null && entry.Name == name) // string equality checks the reference first
            {
                return entry.Term;
            }
        }
        var term = Encode(name);
        if (name.Length <= LongestCachedName)
        {
            var slot = (int)((uint)Interlocked.Increment(ref s_nextSlot) % Slots);
            Volatile.Write(ref s_entries[slot], new Entry(name, term));
        }
        return term;
    }

    private static byte[] Encode(string name)
    {
        var buffer = new ArrayBufferWriter<byte>(name.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, QueryEncoder.WriterOptions))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue((int)TermType.Db);
            writer.WriteStartArray();
            writer.WriteStringValue(name);
            writer.WriteEndArray();
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
