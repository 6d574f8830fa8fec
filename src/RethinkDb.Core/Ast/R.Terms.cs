using RethinkDb.Protocol;

namespace RethinkDb;

// The commands that start a query: databases and tables, control structures, constructors of values.
public static partial class R
{
    /// <summary>The implicit variable (<c>r.row</c>): the current document in FILTER, MAP and the other commands that
    /// take a function; an argument that uses it is wrapped in a one-parameter function.</summary>
    /// <remarks>It cannot be used in nested functions; prefer a lambda.</remarks>
    public static ReqlExpr Row { get; } = Term(TermType.ImplicitVar);

    /// <summary>The database <paramref name="name"/> (<c>r.db</c>).</summary>
    public static ReqlTerm Db(object name) => Term(TermType.Db, name);

    /// <summary>The table <paramref name="name"/> of the query's default database (<c>r.table</c>);
    /// optargs: <c>read_mode</c>, <c>identifier_format</c>.</summary>
    public static ReqlTerm Table(object name) => Term(TermType.Table, name);

    /// <summary>Creates a database (<c>r.dbCreate</c>).</summary>
    public static ReqlTerm DbCreate(object name) => Term(TermType.DbCreate, name);

    /// <summary>Drops a database (<c>r.dbDrop</c>).</summary>
    public static ReqlTerm DbDrop(object name) => Term(TermType.DbDrop, name);

    /// <summary>The names of the databases (<c>r.dbList</c>).</summary>
    public static ReqlTerm DbList() => Term(TermType.DbList);

    /// <summary>Creates a table in the query's default database (<c>r.tableCreate</c>);
    /// optargs: <c>primary_key</c>, <c>durability</c>, <c>shards</c>, <c>replicas</c>, <c>primary_replica_tag</c>.</summary>
    public static ReqlTerm TableCreate(object name) => Term(TermType.TableCreate, name);

    /// <summary>Drops a table of the query's default database (<c>r.tableDrop</c>).</summary>
    public static ReqlTerm TableDrop(object name) => Term(TermType.TableDrop, name);

    /// <summary>The tables of the query's default database (<c>r.tableList</c>).</summary>
    public static ReqlTerm TableList() => Term(TermType.TableList);

    /// <summary>Grants or revokes global permissions of a user (<c>r.grant</c>).</summary>
    /// <param name="user">The user name.</param>
    /// <param name="permissions">An object such as <c>new { read = true, write = false }</c>.</param>
    public static ReqlTerm Grant(object user, object permissions) => Term(TermType.Grant, user, permissions);

    /// <summary>Evaluates JavaScript on the server (<c>r.js</c>); optarg: <c>timeout</c>.</summary>
    public static ReqlTerm Js(object code) => Term(TermType.Javascript, code);

    /// <summary>Fetches a URL (<c>r.http</c>); optargs: <c>timeout</c>, <c>attempts</c>, <c>redirects</c>,
    /// <c>verify</c>, <c>result_format</c>, <c>method</c>, <c>auth</c>, <c>params</c>, <c>header</c>, <c>data</c>,
    /// <c>page</c>, <c>page_limit</c>.</summary>
    public static ReqlTerm Http(object url) => Term(TermType.Http, url);

    /// <summary>Parses a JSON string on the server (<c>r.json</c>).</summary>
    public static ReqlTerm Json(object json) => Term(TermType.Json, json);

    /// <summary>Fails the query with a user error (<c>r.error</c>); without a message, rethrows inside
    /// <see cref="ReqlExpr.Default(object?)"/>.</summary>
    public static ReqlTerm Error() => Term(TermType.Error);

    /// <summary>Fails the query with a user error carrying <paramref name="message"/> (<c>r.error</c>).</summary>
    public static ReqlTerm Error(object message) => Term(TermType.Error, message);

    /// <summary>A random UUID (<c>r.uuid</c>).</summary>
    public static ReqlTerm Uuid() => Term(TermType.Uuid);

    /// <summary>The UUID (version 5) derived from <paramref name="name"/> (<c>r.uuid</c>).</summary>
    public static ReqlTerm Uuid(object name) => Term(TermType.Uuid, name);

    /// <summary>A random number (<c>r.random</c>): none, one (upper) or two (lower, upper) bounds; optarg: <c>float</c>.</summary>
    public static ReqlTerm Random(params object?[] bounds) => new(TermType.Random, ExprAll(bounds));

    /// <summary>The infinite stream 0, 1, 2... (<c>r.range</c>).</summary>
    public static ReqlTerm Range() => Term(TermType.Range);

    /// <summary>The integers from 0 up to <paramref name="end"/>, excluded (<c>r.range</c>).</summary>
    public static ReqlTerm Range(object end) => Term(TermType.Range, end);

    /// <summary>The integers from <paramref name="start"/> up to <paramref name="end"/>, excluded (<c>r.range</c>).</summary>
    public static ReqlTerm Range(object start, object end) => Term(TermType.Range, start, end);

    /// <summary>Binary data (<c>r.binary</c>): a byte array is sent as the <c>BINARY</c> pseudo-type; any other value
    /// (a base64 string, an expression) becomes a BINARY term the server evaluates.</summary>
    public static ReqlExpr Binary(object data) => data switch
    {
        byte[] or ReadOnlyMemory<byte> => Expr(data),
        _ => Term(TermType.Binary, data),
    };

    /// <summary>Splices the items of an array into the argument list of the enclosing command (<c>r.args</c>).</summary>
    public static ReqlTerm Args(object array) => Term(TermType.Args, array);

    /// <summary>Replaces instead of merging in UPDATE and MERGE (<c>r.literal</c>); without a value, removes the field.</summary>
    public static ReqlTerm Literal() => Term(TermType.Literal);

    /// <summary>Replaces instead of merging in UPDATE and MERGE (<c>r.literal</c>).</summary>
    public static ReqlTerm Literal(object? value) => Term(TermType.Literal, value);

    /// <summary>An object from alternating keys and values (<c>r.object("a", 1, "b", 2)</c>).</summary>
    public static ReqlTerm Object(params object?[] keysAndValues) => new(TermType.Object, ExprAll(keysAndValues));

    /// <summary>Ascending order on a field name or a function of the document (<c>r.asc</c>), for ORDER_BY.</summary>
    public static ReqlTerm Asc(object field) => new(TermType.Asc, ExprAllWrapped([field]));

    /// <summary>Ascending order on a function of the document (<c>r.asc</c>), for ORDER_BY.</summary>
    public static ReqlTerm Asc(Func<ReqlExpr, ReqlExpr> key) => new(TermType.Asc, [ReqlLambda.Wrap(ReqlLambda.Create(key))]);

    /// <summary>Descending order on a field name or a function of the document (<c>r.desc</c>), for ORDER_BY.</summary>
    public static ReqlTerm Desc(object field) => new(TermType.Desc, ExprAllWrapped([field]));

    /// <summary>Descending order on a function of the document (<c>r.desc</c>), for ORDER_BY.</summary>
    public static ReqlTerm Desc(Func<ReqlExpr, ReqlExpr> key) => new(TermType.Desc, [ReqlLambda.Wrap(ReqlLambda.Create(key))]);

    /// <summary>
    /// <c>r.branch(test, then, else)</c>, or with more pairs <c>r.branch(test1, value1, test2, value2, ..., else)</c>.
    /// </summary>
    public static ReqlTerm Branch(object? test, object? trueValue, object? falseValue, params object?[] more) =>
        new(TermType.Branch, [Expr(test), Expr(trueValue), Expr(falseValue), .. ExprAll(more)]);

    /// <summary>
    /// <c>r.branch(r.args(array))</c>: the test, values and else-value spliced in by the server from one array
    /// (<see cref="Args(object)"/>), or any other single expression the server spreads.
    /// </summary>
    public static ReqlTerm Branch(ReqlExpr arguments) => new(TermType.Branch, [Expr(arguments)]);

    /// <summary>Calls a function without arguments (<c>r.do(function)</c>).</summary>
    public static ReqlTerm Do(Func<ReqlExpr> function) => new(TermType.Funcall, [ReqlLambda.Wrap(ReqlLambda.Create(function))]);

    /// <summary>Calls <paramref name="function"/> with <paramref name="arg"/> (<c>r.do(arg, function)</c>).</summary>
    public static ReqlTerm Do(object? arg, Func<ReqlExpr, ReqlExpr> function) =>
        new(TermType.Funcall, [ReqlLambda.Wrap(ReqlLambda.Create(function)), Expr(arg)]);

    /// <summary>Calls <paramref name="function"/> with two arguments (<c>r.do(a, b, function)</c>).</summary>
    public static ReqlTerm Do(object? arg1, object? arg2, Func<ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        new(TermType.Funcall, [ReqlLambda.Wrap(ReqlLambda.Create(function)), Expr(arg1), Expr(arg2)]);

    /// <summary>Calls <paramref name="function"/> with three arguments (<c>r.do(a, b, c, function)</c>).</summary>
    public static ReqlTerm Do(object? arg1, object? arg2, object? arg3, Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr> function) =>
        new(TermType.Funcall, [ReqlLambda.Wrap(ReqlLambda.Create(function)), Expr(arg1), Expr(arg2), Expr(arg3)]);

    /// <summary>
    /// <c>r.do(args..., last)</c> with the arguments as values: the last one is the function (a lambda, or an
    /// expression that uses <see cref="Row"/>), the others its arguments.
    /// </summary>
    public static ReqlTerm Do(params object?[] argsAndFunction)
    {
        var all = ExprAll(argsAndFunction);
        if (all.Length == 0)
        {
            // The JavaScript driver's words for r.do() (the Python driver fails with an IndexError).
            throw new ReqlDriverCompileError("Expected 1 or more arguments but found 0.");
        }
        return new(TermType.Funcall, [ReqlLambda.Wrap(all[^1]), .. all.AsSpan(0, all.Length - 1)]);
    }

    /// <summary>A term from its type and converted arguments.</summary>
    internal static ReqlTerm Term(TermType type) => new(type, []);

    internal static ReqlTerm Term(TermType type, object? arg) => new(type, [Expr(arg)]);

    internal static ReqlTerm Term(TermType type, object? arg1, object? arg2) => new(type, [Expr(arg1), Expr(arg2)]);
}
