using System.Linq.Expressions;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>A sorted sequence: <c>ThenBy</c> adds keys to the same <c>orderBy</c>.</summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ReqlOrderedSequence<T> : ReqlSequence<T>
{
    private readonly ReqlExpr _source;
    private readonly ReqlExpr[] _keys;
    private readonly IndexOptions? _index;

    internal ReqlOrderedSequence(ReqlExpr source, ReqlExpr[] keys, IndexOptions? index)
        : base(Build(source, keys, index))
    {
        _source = source;
        _keys = keys;
        _index = index;
    }

    /// <summary>Sorts elements with equal earlier keys by <paramref name="key"/>, ascending.</summary>
    public ReqlOrderedSequence<T> ThenBy<TKey>(Expression<Func<T, TKey>> key) => new(_source, [.. _keys, Key(key)], _index);

    /// <summary>Sorts elements with equal earlier keys by <paramref name="key"/>, descending.</summary>
    public ReqlOrderedSequence<T> ThenByDescending<TKey>(Expression<Func<T, TKey>> key) =>
        new(_source, [.. _keys, new ReqlTerm(TermType.Desc, [Key(key)])], _index);

    private static ReqlTerm Build(ReqlExpr source, ReqlExpr[] keys, IndexOptions? index)
    {
        var term = new ReqlTerm(TermType.OrderBy, [source, .. keys]);
        return index is null ? term : index.ApplyTo(term);
    }
}
