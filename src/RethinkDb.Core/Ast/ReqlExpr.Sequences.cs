using RethinkDb.Protocol;

namespace RethinkDb;

// Selecting, transforming, joining and aggregating sequences.
public abstract partial class ReqlExpr
{
    /// <summary>The document with primary key <paramref name="key"/> (<c>get</c>).</summary>
    public ReqlTerm Get(object? key) => Chain(TermType.Get, key);

    /// <summary>The documents with any of the keys (<c>getAll</c>); optarg: <c>index</c>.</summary>
    public ReqlTerm GetAll(params object?[] keys) => ChainMany(TermType.GetAll, keys);

    /// <summary>The documents whose key is in [<paramref name="lower"/>, <paramref name="upper"/>) (<c>between</c>);
    /// optargs: <c>index</c>, <c>left_bound</c>, <c>right_bound</c>. Use <see cref="R.MinVal"/> and <see cref="R.MaxVal"/>
    /// for open ends.</summary>
    public ReqlTerm Between(object? lower, object? upper) => Chain(TermType.Between, lower, upper);

    /// <summary>The elements for which <paramref name="predicate"/> is true (<c>filter</c>); optarg: <c>default</c>.</summary>
    public ReqlTerm Filter(Func<ReqlExpr, ReqlExpr> predicate) => ChainFunc(TermType.Filter, Function(predicate));

    /// <summary>The elements that match an object (<c>new { age = 30 }</c>) or an expression using <see cref="R.Row"/>
    /// (<c>filter</c>); optarg: <c>default</c>.</summary>
    public ReqlTerm Filter(object? predicate) => ChainFunc(TermType.Filter, Wrapped(predicate));

    /// <summary>Applies <paramref name="function"/> to each element (<c>map</c>).</summary>
    public ReqlTerm Map(Func<ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.Map, Function(function));

    /// <summary>Applies a function given as a value (an expression using <see cref="R.Row"/>, or a constant) (<c>map</c>).</summary>
    public ReqlTerm Map(object? function) => ChainFunc(TermType.Map, Wrapped(function));

    /// <summary>Applies <paramref name="function"/> to this sequence and <paramref name="other"/> in step (<c>map</c>).</summary>
    public ReqlTerm Map(object? other, Func<ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        new(TermType.Map, [this, R.Expr(other), Function(function)]);

    /// <summary>Applies <paramref name="function"/> to this sequence and two others in step (<c>map</c>).</summary>
    public ReqlTerm Map(object? other1, object? other2, Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        new(TermType.Map, [this, R.Expr(other1), R.Expr(other2), Function(function)]);

    /// <summary>Applies a function given as a value (a FUNC term built once, <see cref="R.Js(object)"/>) to this
    /// sequence and <paramref name="other"/> in step (<c>map</c>).</summary>
    public ReqlTerm Map(object? other, object? function) => new(TermType.Map, [this, R.Expr(other), Wrapped(function)]);

    /// <summary>Applies a function given as a value to this sequence and two others in step (<c>map</c>).</summary>
    public ReqlTerm Map(object? other1, object? other2, object? function) =>
        new(TermType.Map, [this, R.Expr(other1), R.Expr(other2), Wrapped(function)]);

    /// <summary>Maps each element to a sequence and concatenates them (<c>concatMap</c>).</summary>
    public ReqlTerm ConcatMap(Func<ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.ConcatMap, Function(function));

    /// <summary>Concatenates a function given as a value (<c>concatMap</c>).</summary>
    public ReqlTerm ConcatMap(object? function) => ChainFunc(TermType.ConcatMap, Wrapped(function));

    /// <summary>Plucks the fields, dropping elements that lack one (<c>withFields</c>).</summary>
    public ReqlTerm WithFields(params object?[] fields) => ChainMany(TermType.WithFields, fields);

    /// <summary>Sorts by field names, <see cref="R.Asc(object)"/>/<see cref="R.Desc(object)"/> orderings or expressions
    /// using <see cref="R.Row"/> (<c>orderBy</c>); optarg: <c>index</c> (then no key is needed).</summary>
    public ReqlTerm OrderBy(params object?[] keys)
    {
        // Keys using R.Row become functions, except inside R.Asc/R.Desc, which wrap their own argument.
        var args = Prepend(this, keys, wrap: false);
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i].TermType is not (TermType.Asc or TermType.Desc))
            {
                args[i] = ReqlLambda.Wrap(args[i]);
            }
        }
        return new(TermType.OrderBy, args);
    }

    /// <summary>Sorts by a function of the element (<c>orderBy</c>).</summary>
    public ReqlTerm OrderBy(Func<ReqlExpr, ReqlExpr> key) => ChainFunc(TermType.OrderBy, Function(key));

    /// <summary>Skips <paramref name="count"/> elements (<c>skip</c>).</summary>
    public ReqlTerm Skip(object count) => Chain(TermType.Skip, count);

    /// <summary>The first <paramref name="count"/> elements (<c>limit</c>).</summary>
    public ReqlTerm Limit(object count) => Chain(TermType.Limit, count);

    /// <summary>The elements from <paramref name="start"/> on (<c>slice</c>); optargs: <c>left_bound</c>, <c>right_bound</c>.</summary>
    public ReqlTerm Slice(object start) => Chain(TermType.Slice, start);

    /// <summary>The elements from <paramref name="start"/> up to <paramref name="end"/>, excluded (<c>slice</c>).</summary>
    public ReqlTerm Slice(object start, object end) => Chain(TermType.Slice, start, end);

    /// <summary>The element at <paramref name="index"/>, negative from the end (<c>nth</c>).</summary>
    public ReqlTerm Nth(object index) => Chain(TermType.Nth, index);

    /// <summary>The indexes of the elements equal to a value or matching a predicate (<c>offsetsOf</c>).</summary>
    public ReqlTerm OffsetsOf(object? value) => ChainFunc(TermType.OffsetsOf, Wrapped(value));

    /// <summary>The indexes of the elements matching <paramref name="predicate"/> (<c>offsetsOf</c>).</summary>
    public ReqlTerm OffsetsOf(Func<ReqlExpr, ReqlExpr> predicate) => ChainFunc(TermType.OffsetsOf, Function(predicate));

    /// <summary>Whether the sequence is empty (<c>isEmpty</c>).</summary>
    public ReqlTerm IsEmpty() => Chain(TermType.IsEmpty);

    /// <summary>This sequence followed by the others (<c>union</c>); optarg: <c>interleave</c>.</summary>
    public ReqlTerm Union(params object?[] sequences) => ChainMany(TermType.Union, sequences);

    /// <summary><paramref name="count"/> elements chosen at random (<c>sample</c>).</summary>
    public ReqlTerm Sample(object count) => Chain(TermType.Sample, count);

    /// <summary>Pairs each element with the elements of <paramref name="other"/> for which <paramref name="predicate"/> is true (<c>innerJoin</c>).</summary>
    public ReqlTerm InnerJoin(object other, Func<ReqlExpr, ReqlExpr, ReqlExpr> predicate) =>
        new(TermType.InnerJoin, [this, R.Expr(other), PlainFunction(predicate)]);

    /// <summary>As <see cref="InnerJoin(object, Func{ReqlExpr, ReqlExpr, ReqlExpr})"/>, keeping elements without a match (<c>outerJoin</c>).</summary>
    public ReqlTerm OuterJoin(object other, Func<ReqlExpr, ReqlExpr, ReqlExpr> predicate) =>
        new(TermType.OuterJoin, [this, R.Expr(other), PlainFunction(predicate)]);

    /// <summary>As <see cref="InnerJoin(object, Func{ReqlExpr, ReqlExpr, ReqlExpr})"/> with the predicate given as a
    /// value (a FUNC term built once, <see cref="R.Js(object)"/>) (<c>innerJoin</c>).</summary>
    public ReqlTerm InnerJoin(object other, object predicate) => new(TermType.InnerJoin, [this, R.Expr(other), R.Expr(predicate)]);

    /// <summary>As <see cref="OuterJoin(object, Func{ReqlExpr, ReqlExpr, ReqlExpr})"/> with the predicate given as a
    /// value (<c>outerJoin</c>).</summary>
    public ReqlTerm OuterJoin(object other, object predicate) => new(TermType.OuterJoin, [this, R.Expr(other), R.Expr(predicate)]);

    /// <summary>Joins on a field of this sequence and the primary key (or the <c>index</c> optarg) of
    /// <paramref name="table"/> (<c>eqJoin</c>); optarg: <c>index</c>, <c>ordered</c>.</summary>
    public ReqlTerm EqJoin(object leftField, object table) => new(TermType.EqJoin, [this, Wrapped(leftField), R.Expr(table)]);

    /// <summary>Joins on a function of the elements of this sequence (<c>eqJoin</c>).</summary>
    public ReqlTerm EqJoin(Func<ReqlExpr, ReqlExpr> leftKey, object table) =>
        new(TermType.EqJoin, [this, Function(leftKey), R.Expr(table)]);

    /// <summary>Merges the <c>left</c> and <c>right</c> fields of join results (<c>zip</c>).</summary>
    public ReqlTerm Zip() => Chain(TermType.Zip);

    /// <summary>Groups by field names or expressions using <see cref="R.Row"/> (<c>group</c>); optargs: <c>index</c>, <c>multi</c>.</summary>
    public ReqlTerm Group(params object?[] fields) => ChainManyWrapped(TermType.Group, fields);

    /// <summary>Groups by a function of the element (<c>group</c>).</summary>
    public ReqlTerm Group(Func<ReqlExpr, ReqlExpr> key) => ChainFunc(TermType.Group, Function(key));

    /// <summary>Turns grouped data into an array of <c>{group, reduction}</c> objects (<c>ungroup</c>).</summary>
    public ReqlTerm Ungroup() => Chain(TermType.Ungroup);

    /// <summary>Reduces the sequence with a two-parameter function (<c>reduce</c>).</summary>
    public ReqlTerm Reduce(Func<ReqlExpr, ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.Reduce, Function(function));

    /// <summary>Reduces the sequence with a function given as a value: a FUNC term built once, or
    /// <c>R.Js("(function(a, b) { return a + b; })")</c> (<c>reduce</c>).</summary>
    public ReqlTerm Reduce(object? function) => ChainFunc(TermType.Reduce, Wrapped(function));

    /// <summary>Folds the sequence from <paramref name="initial"/> with <c>(accumulator, element) =&gt; next</c>
    /// (<c>fold</c>); optargs: <c>emit</c> (three parameters), <c>final_emit</c> (one).</summary>
    public ReqlTerm Fold(object? initial, Func<ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        new(TermType.Fold, [this, R.Expr(initial), Function(function)]);

    /// <summary>Folds the sequence from <paramref name="initial"/> with a function given as a value (<c>fold</c>).</summary>
    public ReqlTerm Fold(object? initial, object? function) => new(TermType.Fold, [this, R.Expr(initial), Wrapped(function)]);

    /// <summary>The number of elements (<c>count</c>).</summary>
    public ReqlTerm Count() => Chain(TermType.Count);

    /// <summary>The number of elements equal to <paramref name="value"/> (<c>count</c>).</summary>
    public ReqlTerm Count(object? value) => ChainFunc(TermType.Count, Wrapped(value));

    /// <summary>The number of elements matching <paramref name="predicate"/> (<c>count</c>).</summary>
    public ReqlTerm Count(Func<ReqlExpr, ReqlExpr> predicate) => ChainFunc(TermType.Count, Function(predicate));

    /// <summary>The sum of the elements (<c>sum</c>).</summary>
    public ReqlTerm Sum() => Chain(TermType.Sum);

    /// <summary>The sum of a field of the elements (<c>sum</c>).</summary>
    public ReqlTerm Sum(object field) => ChainFunc(TermType.Sum, Wrapped(field));

    /// <summary>The sum of a function of the elements (<c>sum</c>).</summary>
    public ReqlTerm Sum(Func<ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.Sum, Function(function));

    /// <summary>The average of the elements (<c>avg</c>).</summary>
    public ReqlTerm Avg() => Chain(TermType.Avg);

    /// <summary>The average of a field of the elements (<c>avg</c>).</summary>
    public ReqlTerm Avg(object field) => ChainFunc(TermType.Avg, Wrapped(field));

    /// <summary>The average of a function of the elements (<c>avg</c>).</summary>
    public ReqlTerm Avg(Func<ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.Avg, Function(function));

    /// <summary>The smallest element (<c>min</c>); optarg: <c>index</c>.</summary>
    public ReqlTerm Min() => Chain(TermType.Min);

    /// <summary>The element with the smallest value of a field (<c>min</c>).</summary>
    public ReqlTerm Min(object field) => ChainFunc(TermType.Min, Wrapped(field));

    /// <summary>The element with the smallest value of a function (<c>min</c>).</summary>
    public ReqlTerm Min(Func<ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.Min, Function(function));

    /// <summary>The largest element (<c>max</c>); optarg: <c>index</c>.</summary>
    public ReqlTerm Max() => Chain(TermType.Max);

    /// <summary>The element with the largest value of a field (<c>max</c>).</summary>
    public ReqlTerm Max(object field) => ChainFunc(TermType.Max, Wrapped(field));

    /// <summary>The element with the largest value of a function (<c>max</c>).</summary>
    public ReqlTerm Max(Func<ReqlExpr, ReqlExpr> function) => ChainFunc(TermType.Max, Function(function));

    /// <summary>The distinct elements (<c>distinct</c>); optarg: <c>index</c>.</summary>
    public ReqlTerm Distinct() => Chain(TermType.Distinct);

    /// <summary>Whether the sequence contains all the values (or elements matching predicates using <see cref="R.Row"/>) (<c>contains</c>).</summary>
    public ReqlTerm Contains(params object?[] values) => ChainManyWrapped(TermType.Contains, values);

    /// <summary>Whether an element matches <paramref name="predicate"/> (<c>contains</c>).</summary>
    public ReqlTerm Contains(Func<ReqlExpr, ReqlExpr> predicate) => ChainFunc(TermType.Contains, Function(predicate));

    /// <summary>Runs a write for each element and sums the write results (<c>forEach</c>).</summary>
    public ReqlTerm ForEach(Func<ReqlExpr, ReqlExpr> write) => ChainFunc(TermType.ForEach, Function(write));

    /// <summary>Runs a write given as a value for each element (<c>forEach</c>).</summary>
    public ReqlTerm ForEach(object? write) => ChainFunc(TermType.ForEach, Wrapped(write));

    /// <summary>The changefeed of a table, selection or single document (<c>changes</c>); optargs: <c>squash</c>,
    /// <c>changefeed_queue_size</c>, <c>include_initial</c>, <c>include_states</c>, <c>include_offsets</c>,
    /// <c>include_types</c>.</summary>
    public ReqlTerm Changes() => Chain(TermType.Changes);

    /// <summary>A lambda as a function term, wrapped again if its body uses <see cref="R.Row"/> (as the official drivers do).</summary>
    /// <remarks>A literal <c>null</c> argument binds to the lambda overloads in C#; it means the null value
    /// (<c>Default(null)</c>, <c>SetWriteHook(null)</c>), so it becomes the null datum.</remarks>
    private protected static ReqlExpr Function(Func<ReqlExpr, ReqlExpr>? function) =>
        function is null ? ReqlDatum.Null : ReqlLambda.Wrap(ReqlLambda.Create(function));

    private protected static ReqlExpr Function(Func<ReqlExpr, ReqlExpr, ReqlExpr>? function) =>
        function is null ? ReqlDatum.Null : ReqlLambda.Wrap(ReqlLambda.Create(function));

    private protected static ReqlExpr Function(Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>? function) =>
        function is null ? ReqlDatum.Null : ReqlLambda.Wrap(ReqlLambda.Create(function));

    /// <summary>A lambda as a function term, never wrapped (the official drivers do not wrap these positions).</summary>
    private protected static ReqlExpr PlainFunction(Func<ReqlExpr, ReqlExpr>? function) =>
        function is null ? ReqlDatum.Null : ReqlLambda.Create(function);

    private protected static ReqlExpr PlainFunction(Func<ReqlExpr, ReqlExpr, ReqlExpr>? function) =>
        function is null ? ReqlDatum.Null : ReqlLambda.Create(function);

    private protected static ReqlExpr PlainFunction(Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>? function) =>
        function is null ? ReqlDatum.Null : ReqlLambda.Create(function);

    /// <summary>A value in a function position: converted, and wrapped in a function if it uses <see cref="R.Row"/>.</summary>
    private protected static ReqlExpr Wrapped(object? value) => ReqlLambda.Wrap(R.Expr(value));
}
