using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// Translations of typed lambdas, cached by shape (<see cref="LambdaShape"/>), as EF Core caches compiled queries: a
/// lambda built again by the same code has the same shape, so its translation is reused and only the values the
/// client evaluates (captured variables, <c>DateTimeOffset.Now</c>) are read again, every call, into the
/// translation's slots. Literal constants are part of the shape; captured values never are, and are never kept.
/// </summary>
/// <remarks>
/// <para>A lambda whose translation depends on a captured value (<c>h.Name.StartsWith(prefix)</c> builds its regex
/// from <c>prefix</c>) is recorded as uncacheable and translated on every call, as are lambdas with node kinds the
/// shape does not know, and calls whose captured value is itself a query (its functions could nest the cached
/// one's variables).</para>
/// <para>A tree the program keeps and passes again (a lambda held in a static field) is recognised by identity once
/// the GC has promoted it to its oldest generation, without walking it: its captured values are still read on every
/// call, from its own nodes, which the cache holds only as long as the tree lives.</para>
/// <para>The cache holds at most <see cref="Capacity"/> shapes (a program has as many as it has lambdas in its
/// source); beyond, lambdas are translated without it.</para>
/// </remarks>
internal static class LambdaCache
{
    /// <summary>The most shapes kept.</summary>
    public const int Capacity = 4096;

    private static readonly ConcurrentDictionary<int, Entry> Entries = new();
    private static int s_count;

    // Trees a program keeps and passes again (a lambda in a static field, a specification object): recognised by
    // identity, without walking them. Only trees the GC has promoted to its oldest generation are entered (a tree built
    // per call never is, so entering costs nothing on that path); each entry lives as long as its tree.
    private static readonly ConditionalWeakTable<LambdaExpression, KnownTree> KnownTrees = new();
    private static readonly int OldestGeneration = GC.MaxGeneration;
    private static long s_knownTreeHits;

    /// <summary>How many calls were answered by tree identity, without a walk (for tests and diagnostics).</summary>
    internal static long KnownTreeHits => Interlocked.Read(ref s_knownTreeHits);

    /// <summary>The ReQL function of <paramref name="lambda"/>: from the cache when its shape is there.</summary>
    public static ReqlExpr Function(LambdaExpression lambda)
    {
        if (GC.GetGeneration(lambda) == OldestGeneration && KnownTrees.TryGetValue(lambda, out var known))
        {
            Interlocked.Increment(ref s_knownTreeHits);
            return FromEntry(known.Entry, (object[])known.SlotNodes.Clone(), lambda);
        }
        if (LambdaShape.Walk(lambda) is not { } shape)
        {
            return LambdaTranslator.Translate(lambda);
        }
        var hash = shape.Hash;
        Entries.TryGetValue(hash, out var first);
        var entry = first;
        while (entry is not null && !shape.Matches(entry.Tokens))
        {
            entry = entry.Next;
        }
        if (entry is null)
        {
            return Add(hash, first, shape, lambda);
        }
        // The nodes whose values this call reads; Instantiate replaces each with its value (one array for both).
        var nodes = entry.SlotIndexes.Length == 0 ? [] : new object[entry.SlotIndexes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            nodes[i] = shape.Node(entry.SlotIndexes[i]);
        }
        shape.Return();
        if (entry.Template is not null && GC.GetGeneration(lambda) == OldestGeneration)
        {
            // The slot nodes are this tree's own: kept with it (a copy, Instantiate overwrites its array with values).
            KnownTrees.AddOrUpdate(lambda, new KnownTree(entry, nodes.Length == 0 ? nodes : (object[])nodes.Clone()));
        }
        return FromEntry(entry, nodes, lambda);
    }

    /// <summary>The function of a cached entry for this call: encoded once, or its template filled with this call's
    /// values (<paramref name="nodes"/>, overwritten), or — uncacheable, or a value that cannot go in a slot — translated
    /// afresh.</summary>
    private static ReqlExpr FromEntry(Entry entry, object[] nodes, LambdaExpression lambda) =>
        (ReqlExpr?)entry.Encoded ?? (entry.Template is { } template && Instantiate(template, entry.SlotIndexes, nodes) is { } term
            ? term
            : LambdaTranslator.Translate(lambda));

    private static ReqlExpr Add(int hash, Entry? first, LambdaShape shape, LambdaExpression lambda)
    {
        if (Volatile.Read(ref s_count) >= Capacity)
        {
            shape.Return();
            return LambdaTranslator.Translate(lambda);
        }
        var tokens = shape.Record();
        var indexes = shape.Indexes();
        shape.Return();
        var (template, slots) = LambdaTranslator.TranslateTemplate(lambda, indexes);
        var slotIndexes = template is null ? [] : slots.Keys.Order().ToArray();
        // A translation with nothing to fill in is the same for every call: its JSON can be encoded once.
        var encoded = template is not null && slotIndexes.Length == 0 ? new ReqlEncodedFunction(template) : null;
        var entry = new Entry(tokens, slotIndexes, template, encoded, first);
        // A race may add the same shape twice: the later entry shadows the earlier, both are right.
        Entries[hash] = entry;
        Interlocked.Increment(ref s_count);
        if (template is null)
        {
            return LambdaTranslator.Translate(lambda);
        }
        if (encoded is not null)
        {
            return encoded;
        }
        var nodes = Array.ConvertAll(slotIndexes, object (i) => slots[i]);
        return Instantiate(template, slotIndexes, nodes) ?? LambdaTranslator.Translate(lambda);
    }

    /// <summary>The template with this call's values in its slots, or null when a value cannot go there (it threw,
    /// or it is a query): the caller then translates the lambda afresh, which reports any error as usual.</summary>
    private static ReqlTerm? Instantiate(ReqlTerm template, int[] slotIndexes, object[] nodes)
    {
        if (nodes.Length == 0)
        {
            return template;
        }
        var values = nodes;
        for (var i = 0; i < nodes.Length; i++)
        {
            object? value;
            try
            {
                value = ClientEvaluator.Evaluate((Expression)nodes[i]);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
            if (value is ReqlExpr or LambdaExpression)
            {
                return null;
            }
            values[i] = LambdaTranslator.Value(value);
        }
        return (ReqlTerm)Fill(template, slotIndexes, values);
    }

    private static ReqlExpr Fill(ReqlExpr node, int[] slotIndexes, object[] values)
    {
        switch (node)
        {
            case ReqlSlot slot:
                return (ReqlExpr)values[Array.BinarySearch(slotIndexes, slot.NodeIndex)];
            case ReqlTerm term:
                ReqlExpr[]? args = null;
                for (var i = 0; i < term.Args.Count; i++)
                {
                    var arg = term.Args[i];
                    var filled = Fill(arg, slotIndexes, values);
                    if (!ReferenceEquals(filled, arg))
                    {
                        args ??= CopyArgs(term.Args);
                        args[i] = filled;
                    }
                }
                return args is null ? term
                    : term.OptArgs.Count == 0 ? new ReqlTerm(term.TermType, args) : new ReqlTerm(term.TermType, args, term.OptArgs);
            case ReqlMemberObject obj:
                return obj.WithValues(value => Fill(value, slotIndexes, values));
            default:
                return node;
        }
    }

    private static ReqlExpr[] CopyArgs(IReadOnlyList<ReqlExpr> source)
    {
        var copy = new ReqlExpr[source.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = source[i];
        }
        return copy;
    }

    /// <summary>A tree recognised once: its cache entry and the nodes of the tree that fill the entry's slots.</summary>
    private sealed record KnownTree(Entry Entry, object[] SlotNodes);

    /// <summary>A cached shape: its tokens, the pre-order indexes of its slots, its translation (null when the shape
    /// is uncacheable) and, without slots, the translation ready to copy; entries with the same hash are chained.</summary>
    private sealed record Entry(LambdaShape.Tokens Tokens, int[] SlotIndexes, ReqlTerm? Template, ReqlEncodedFunction? Encoded, Entry? Next);
}
