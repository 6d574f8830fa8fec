using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// The root of the query language, as <c>r</c> in the official drivers: <c>R.Db("marvel").Table("heroes")</c>,
/// <c>R.Expr(1)</c>, and <c>R.ConnectAsync(...)</c>.
/// </summary>
public static partial class R
{
    /// <summary>Opens a connection (the official drivers' <c>r.connect</c>).</summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened (<see cref="ReqlAuthError"/> and
    /// <see cref="ReqlTimeoutError"/> are subclasses).</exception>
    public static Task<Connection> ConnectAsync(ConnectionOptions options, CancellationToken cancellationToken = default) =>
        Connection.OpenAsync(options, cancellationToken);

    /// <summary>Opens a connection to <paramref name="host"/> with every other option at its default.</summary>
    public static Task<Connection> ConnectAsync(string host, CancellationToken cancellationToken = default) =>
        Connection.OpenAsync(host, cancellationToken);

    /// <summary>A number.</summary>
    public static ReqlDatum Expr(double value) => new(value);

    /// <summary>A number.</summary>
    public static ReqlDatum Expr(long value) => new(value);

    /// <summary>A number.</summary>
    public static ReqlDatum Expr(int value) => new(value);

    /// <summary>A boolean.</summary>
    public static ReqlDatum Expr(bool value) => new(value);

    /// <summary>A string (or null).</summary>
    public static ReqlDatum Expr(string? value) => new(value);

    /// <summary>The database <paramref name="name"/>.</summary>
    public static ReqlTerm Db(string name) => new(TermType.Db, [Expr(name)]);

    /// <summary>The table <paramref name="name"/> of the connection's default database.</summary>
    public static ReqlTerm Table(string name) => new(TermType.Table, [Expr(name)]);

    /// <summary>
    /// Any value as an expression: an expression stays as it is, numbers, strings, booleans and null become datums,
    /// collections become <c>MAKE_ARRAY</c>, and other objects are serialized with System.Text.Json.
    /// </summary>
    public static ReqlExpr Expr(object? value) => value switch
    {
        null => ReqlDatum.Null,
        ReqlExpr expr => expr,
        string s => new ReqlDatum(s),
        bool b => new ReqlDatum(b),
        int i => new ReqlDatum(i),
        long l => new ReqlDatum(l),
        double d => new ReqlDatum(d),
        float f => new ReqlDatum(f),
        decimal m => new ReqlDatum((double)m),
        short sh => new ReqlDatum(sh),
        byte by => new ReqlDatum(by),
        uint ui => new ReqlDatum(ui),
        System.Collections.IEnumerable items and not System.Collections.IDictionary => MakeArray(items),
        _ => new ReqlDatum(value, isObject: true),
    };

    private static ReqlTerm MakeArray(System.Collections.IEnumerable items)
    {
        var args = new List<ReqlExpr>();
        foreach (var item in items)
        {
            args.Add(Expr(item));
        }
        return new ReqlTerm(TermType.MakeArray, [.. args]);
    }
}
