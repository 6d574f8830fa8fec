using RethinkDb.Protocol;

namespace RethinkDb;

// The overloads that take typed optional arguments (ReqlOptArgs). Each builds the same term as the overload without
// options, then adds the optargs that are set: the wire JSON equals the .OptArg(...) form.
public abstract partial class ReqlExpr
{
    /// <summary>The table <paramref name="name"/> of this database (<c>db.table</c>) with typed optargs.</summary>
    public ReqlTerm Table(object name, TableOptions options) => With(Table(name), options);

    /// <summary>Creates a table in this database (<c>tableCreate</c>) with typed optargs.</summary>
    public ReqlTerm TableCreate(object name, TableCreateOptions options) => With(TableCreate(name), options);

    /// <summary>Waits until a table or database is ready (<c>wait</c>) with typed optargs.</summary>
    public ReqlTerm Wait(WaitOptions options) => With(Wait(), options);

    /// <summary>Changes sharding and replication (<c>reconfigure</c>) with typed optargs.</summary>
    public ReqlTerm Reconfigure(ReconfigureOptions options) => With(Reconfigure(), options);

    /// <summary>Creates a secondary index on the field <paramref name="name"/> (<c>indexCreate</c>) with typed optargs.</summary>
    public ReqlTerm IndexCreate(object name, IndexCreateOptions options) => With(IndexCreate(name), options);

    /// <summary>Creates a secondary index computed by <paramref name="function"/> (<c>indexCreate</c>) with typed optargs.</summary>
    public ReqlTerm IndexCreate(object name, Func<ReqlExpr, ReqlExpr> function, IndexCreateOptions options) =>
        With(IndexCreate(name, function), options);

    /// <summary>Renames a secondary index (<c>indexRename</c>) with typed optargs.</summary>
    public ReqlTerm IndexRename(object oldName, object newName, IndexRenameOptions options) =>
        With(IndexRename(oldName, newName), options);

    /// <summary>Inserts documents (<c>insert</c>) with typed optargs.</summary>
    /// <example><code>R.Table("heroes").Insert(hero, new InsertOptions { Conflict = Conflict.Replace })</code></example>
    public ReqlTerm Insert(object? documents, InsertOptions options) => With(Insert(documents), options);

    /// <summary>Updates the selected documents (<c>update</c>) with typed optargs.</summary>
    public ReqlTerm Update(object? changes, UpdateOptions options) => With(Update(changes), options);

    /// <summary>Updates each selected document with what <paramref name="function"/> computes (<c>update</c>) with typed optargs.</summary>
    public ReqlTerm Update(Func<ReqlExpr, ReqlExpr> function, UpdateOptions options) => With(Update(function), options);

    /// <summary>Replaces the selected documents (<c>replace</c>) with typed optargs.</summary>
    public ReqlTerm Replace(object? document, UpdateOptions options) => With(Replace(document), options);

    /// <summary>Replaces each selected document with what <paramref name="function"/> computes (<c>replace</c>) with typed optargs.</summary>
    public ReqlTerm Replace(Func<ReqlExpr, ReqlExpr> function, UpdateOptions options) => With(Replace(function), options);

    /// <summary>Deletes the selected documents (<c>delete</c>) with typed optargs.</summary>
    public ReqlTerm Delete(DeleteOptions options) => With(Delete(), options);

    /// <summary>The documents with any of the keys (<c>getAll</c>), looked up in <see cref="IndexOptions.Index"/>.</summary>
    /// <example><code>R.Table("heroes").GetAll(IndexOptions.Of("team"), "avengers", "x-men")</code></example>
    public ReqlTerm GetAll(IndexOptions options, params object?[] keys) => With(GetAll(keys), options);

    /// <summary>The documents whose key is in the range (<c>between</c>) with typed optargs.</summary>
    public ReqlTerm Between(object? lower, object? upper, BetweenOptions options) => With(Between(lower, upper), options);

    /// <summary>The elements for which <paramref name="predicate"/> is true (<c>filter</c>) with typed optargs.</summary>
    public ReqlTerm Filter(Func<ReqlExpr, ReqlExpr> predicate, FilterOptions options) => With(Filter(predicate), options);

    /// <summary>The elements that match <paramref name="predicate"/> (<c>filter</c>) with typed optargs.</summary>
    public ReqlTerm Filter(object? predicate, FilterOptions options) => With(Filter(predicate), options);

    /// <summary>Sorts (<c>orderBy</c>) with typed optargs: the index, then optional further keys.</summary>
    /// <example><code>R.Table("heroes").OrderBy(IndexOptions.Of("age"))</code>; for a descending index, which the
    /// server takes as <c>index: r.desc("age")</c>, use <c>.OptArg("index", R.Desc("age"))</c>.</example>
    public ReqlTerm OrderBy(IndexOptions options, params object?[] keys) =>
        With(keys is { Length: 0 } ? new ReqlTerm(TermType.OrderBy, [this]) : OrderBy(keys), options);

    /// <summary>The elements from <paramref name="start"/> on (<c>slice</c>) with bounds.</summary>
    public ReqlTerm Slice(object start, RangeBounds options) => With(Slice(start), options);

    /// <summary>The elements from <paramref name="start"/> to <paramref name="end"/> (<c>slice</c>) with bounds.</summary>
    public ReqlTerm Slice(object start, object end, RangeBounds options) => With(Slice(start, end), options);

    /// <summary>This sequence followed by the others (<c>union</c>) with typed optargs.</summary>
    public ReqlTerm Union(UnionOptions options, params object?[] sequences) => With(Union(sequences), options);

    /// <summary>Joins on a field (<c>eqJoin</c>) with typed optargs.</summary>
    public ReqlTerm EqJoin(object leftField, object table, EqJoinOptions options) => With(EqJoin(leftField, table), options);

    /// <summary>Joins on a function of the elements (<c>eqJoin</c>) with typed optargs.</summary>
    public ReqlTerm EqJoin(Func<ReqlExpr, ReqlExpr> leftKey, object table, EqJoinOptions options) => With(EqJoin(leftKey, table), options);

    /// <summary>Groups (<c>group</c>) with typed optargs: by <see cref="GroupOptions.Index"/>, or by the fields.</summary>
    public ReqlTerm Group(GroupOptions options, params object?[] fields) =>
        With(fields is { Length: 0 } ? new ReqlTerm(TermType.Group, [this]) : Group(fields), options);

    /// <summary>Groups by a function of the element (<c>group</c>) with typed optargs.</summary>
    public ReqlTerm Group(Func<ReqlExpr, ReqlExpr> key, GroupOptions options) => With(Group(key), options);

    /// <summary>Folds the sequence (<c>fold</c>) with typed optargs (<c>emit</c>, <c>final_emit</c>).</summary>
    public ReqlTerm Fold(object? initial, Func<ReqlExpr, ReqlExpr, ReqlExpr> function, FoldOptions options) =>
        With(Fold(initial, function), options);

    /// <summary>The smallest element by <see cref="IndexOptions.Index"/> (<c>min</c>).</summary>
    public ReqlTerm Min(IndexOptions options) => With(Min(), options);

    /// <summary>The largest element by <see cref="IndexOptions.Index"/> (<c>max</c>).</summary>
    public ReqlTerm Max(IndexOptions options) => With(Max(), options);

    /// <summary>The distinct elements, by <see cref="IndexOptions.Index"/> when set (<c>distinct</c>).</summary>
    public ReqlTerm Distinct(IndexOptions options) => With(Distinct(), options);

    /// <summary>The changefeed (<c>changes</c>) with typed optargs.</summary>
    /// <example><code>R.Table("heroes").Changes(new ChangesOptions { IncludeInitial = true, IncludeTypes = true })</code></example>
    public ReqlTerm Changes(ChangesOptions options) => With(Changes(), options);

    /// <summary>Whether this time is in the range (<c>during</c>) with bounds.</summary>
    public ReqlTerm During(object start, object end, RangeBounds options) => With(During(start, end), options);

    /// <summary>The distance to <paramref name="geometry"/> (<c>distance</c>) with typed optargs.</summary>
    public ReqlTerm Distance(object geometry, GeoOptions options) => With(Distance(geometry), options);

    /// <summary>The documents whose geometry in <see cref="IndexOptions.Index"/> intersects <paramref name="geometry"/> (<c>getIntersecting</c>).</summary>
    public ReqlTerm GetIntersecting(object geometry, IndexOptions options) => With(GetIntersecting(geometry), options);

    /// <summary>The documents nearest to <paramref name="point"/> (<c>getNearest</c>) with typed optargs.</summary>
    public ReqlTerm GetNearest(object point, GetNearestOptions options) => With(GetNearest(point), options);

    /// <summary>Adds <paramref name="options"/> to <paramref name="term"/>.</summary>
    private protected static ReqlTerm With(ReqlTerm term, ReqlOptArgs options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ApplyTo(term);
    }
}
