using RethinkDb.Protocol;

namespace RethinkDb;

// Fields of documents and elements of arrays.
public abstract partial class ReqlExpr
{
    /// <summary>The field <paramref name="field"/> of an object, or of each object of a sequence (<c>doc("field")</c>: BRACKET).</summary>
    public ReqlTerm this[string field] => Chain(TermType.Bracket, field);

    /// <summary>The element at <paramref name="index"/> of an array or sequence (<c>seq(0)</c>: BRACKET).</summary>
    public ReqlTerm this[int index] => Chain(TermType.Bracket, index);

    /// <summary>A field or element chosen by an expression (<c>doc(expr)</c>: BRACKET).</summary>
    public ReqlTerm Bracket(object fieldOrIndex) => Chain(TermType.Bracket, fieldOrIndex);

    /// <summary>The field <paramref name="field"/> (<c>getField</c>); unlike the indexer, never an array element.</summary>
    public ReqlTerm GetField(object field) => Chain(TermType.GetField, field);

    /// <summary>Whether the object has the fields, or the elements of the sequence that do (<c>hasFields</c>).</summary>
    public ReqlTerm HasFields(params object?[] fields) => ChainMany(TermType.HasFields, fields);

    /// <summary>Only the given fields (<c>pluck</c>); nested selections as objects: <c>new { name = true }</c>.</summary>
    public ReqlTerm Pluck(params object?[] fields) => ChainMany(TermType.Pluck, fields);

    /// <summary>All but the given fields (<c>without</c>).</summary>
    public ReqlTerm Without(params object?[] fields) => ChainMany(TermType.Without, fields);

    /// <summary>Merges objects (or expressions using <see cref="R.Row"/>) into this one, later ones winning (<c>merge</c>).</summary>
    public ReqlTerm Merge(params object?[] objects) => ChainManyWrapped(TermType.Merge, objects);

    /// <summary>Merges the object <paramref name="function"/> computes from this one (<c>merge</c>).</summary>
    public ReqlTerm Merge(Func<ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.Merge, Function(function));

    /// <summary>The field names of an object (<c>keys</c>).</summary>
    public ReqlTerm Keys() => Chain(TermType.Keys);

    /// <summary>The field values of an object (<c>values</c>).</summary>
    public ReqlTerm Values() => Chain(TermType.Values);

    /// <summary>The array with <paramref name="value"/> added at the end (<c>append</c>).</summary>
    public ReqlTerm Append(object? value) => Chain(TermType.Append, value);

    /// <summary>The array with <paramref name="value"/> added at the front (<c>prepend</c>).</summary>
    public ReqlTerm Prepend(object? value) => Chain(TermType.Prepend, value);

    /// <summary>The array without the elements of <paramref name="array"/> (<c>difference</c>).</summary>
    public ReqlTerm Difference(object array) => Chain(TermType.Difference, array);

    /// <summary>The array as a set with <paramref name="value"/> added (<c>setInsert</c>).</summary>
    public ReqlTerm SetInsert(object? value) => Chain(TermType.SetInsert, value);

    /// <summary>The union of two arrays as sets (<c>setUnion</c>).</summary>
    public ReqlTerm SetUnion(object array) => Chain(TermType.SetUnion, array);

    /// <summary>The intersection of two arrays as sets (<c>setIntersection</c>).</summary>
    public ReqlTerm SetIntersection(object array) => Chain(TermType.SetIntersection, array);

    /// <summary>The elements of this set not in <paramref name="array"/> (<c>setDifference</c>).</summary>
    public ReqlTerm SetDifference(object array) => Chain(TermType.SetDifference, array);

    /// <summary>The array with <paramref name="value"/> inserted at <paramref name="index"/> (<c>insertAt</c>).</summary>
    public ReqlTerm InsertAt(object index, object? value) => Chain(TermType.InsertAt, index, value);

    /// <summary>The array with the elements of <paramref name="array"/> inserted at <paramref name="index"/> (<c>spliceAt</c>).</summary>
    public ReqlTerm SpliceAt(object index, object array) => Chain(TermType.SpliceAt, index, array);

    /// <summary>The array without the element at <paramref name="index"/> (<c>deleteAt</c>).</summary>
    public ReqlTerm DeleteAt(object index) => Chain(TermType.DeleteAt, index);

    /// <summary>The array without the elements from <paramref name="start"/> up to <paramref name="end"/>, excluded (<c>deleteAt</c>).</summary>
    public ReqlTerm DeleteAt(object start, object end) => Chain(TermType.DeleteAt, start, end);

    /// <summary>The array with the element at <paramref name="index"/> replaced (<c>changeAt</c>).</summary>
    public ReqlTerm ChangeAt(object index, object? value) => Chain(TermType.ChangeAt, index, value);
}
