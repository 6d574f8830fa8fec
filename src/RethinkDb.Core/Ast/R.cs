using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// The root of the query language, as <c>r</c> in the official drivers: <c>R.Db("marvel").Table("heroes")</c>,
/// <c>R.Expr(1)</c>, <c>R.Now()</c>, and <c>R.ConnectAsync(...)</c>.
/// </summary>
/// <remarks>
/// Methods are named after the JavaScript driver's commands in PascalCase (<c>r.eqJoin</c> is <c>EqJoin</c>,
/// <c>r.ISO8601</c> is <c>Iso8601</c>). Commands that start a query live here; commands applied to a value are
/// instance methods of <see cref="ReqlExpr"/>. Optional arguments are added to the returned term with
/// <see cref="ReqlTerm.OptArg(string, object?)"/>.
/// </remarks>
public static partial class R
{
    /// <summary>How deep <see cref="Expr(object?)"/> lets collections nest: 20, as <c>r.expr</c> of the official drivers.</summary>
    /// <remarks>The limit also stops a self-containing collection before the stack does.</remarks>
    public const int DefaultNestingDepth = 20;

    /// <summary>Opens a connection (the official drivers' <c>r.connect</c>).</summary>
    /// <exception cref="ReqlDriverError">The connection could not be opened (<see cref="ReqlAuthError"/> and
    /// <see cref="ReqlTimeoutError"/> are subclasses).</exception>
    public static Task<Connection> ConnectAsync(ConnectionOptions options, CancellationToken cancellationToken = default) =>
        Connection.OpenAsync(options, cancellationToken);

    /// <summary>Opens a connection to <paramref name="host"/> with every other option at its default.</summary>
    public static Task<Connection> ConnectAsync(string host, CancellationToken cancellationToken = default) =>
        Connection.OpenAsync(host, cancellationToken);

    /// <summary>A number.</summary>
    /// <exception cref="ReqlDriverCompileError"><paramref name="value"/> is NaN or infinite.</exception>
    public static ReqlDatum Expr(double value) => new(value);

    /// <summary>A number.</summary>
    public static ReqlDatum Expr(long value) => new(value);

    /// <summary>A number.</summary>
    public static ReqlDatum Expr(int value) => new((long)value);

    /// <summary>A boolean.</summary>
    public static ReqlDatum Expr(bool value) => new(value);

    /// <summary>A string (or null).</summary>
    public static ReqlDatum Expr(string? value) => new(value);

    /// <summary>
    /// Any value as an expression (<c>r.expr</c>):
    /// <list type="bullet">
    /// <item>an expression stays as it is; null, booleans, numbers, strings, <see cref="char"/> and <see cref="Guid"/>
    /// become JSON primitives (non-finite numbers are rejected);</item>
    /// <item><see cref="DateTime"/> and <see cref="DateTimeOffset"/> become the <c>TIME</c> pseudo-type, <c>byte[]</c>
    /// and <see cref="ReadOnlyMemory{T}"/> of bytes the <c>BINARY</c> pseudo-type;</item>
    /// <item>a <c>Func</c> over <see cref="ReqlExpr"/> (up to four parameters) becomes a function;</item>
    /// <item>a dictionary with string keys (<see cref="IDictionary"/> or <c>IEnumerable&lt;KeyValuePair&lt;string, object?&gt;&gt;</c>)
    /// becomes an object whose values are converted by this same method, so they may be expressions;</item>
    /// <item>any other collection becomes an array (<c>MAKE_ARRAY</c>) of its converted items;</item>
    /// <item>anything else (a POCO, an anonymous object, a <see cref="JsonElement"/> or <see cref="JsonNode"/>) is
    /// serialized with the connection's <see cref="JsonSerializerOptions"/> when the query is sent.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ReqlDriverCompileError">The value cannot be expressed in ReQL (a non-finite number, a delegate
    /// of another shape, a dictionary whose keys are not strings, collections nested more than
    /// <see cref="DefaultNestingDepth"/> deep).</exception>
    public static ReqlExpr Expr(object? value) => Expr(value, DefaultNestingDepth);

    /// <summary>
    /// As <see cref="Expr(object?)"/>, letting collections nest up to <paramref name="nestingDepth"/> levels instead of
    /// <see cref="DefaultNestingDepth"/> (<c>r.expr(value, nestingDepth)</c> of the official drivers).
    /// </summary>
    /// <remarks>Objects serialized with System.Text.Json (POCOs, anonymous objects, <see cref="JsonElement"/>) are
    /// limited by the serializer's <see cref="JsonSerializerOptions.MaxDepth"/> instead; going past it raises the same
    /// error.</remarks>
    /// <param name="value">The value.</param>
    /// <param name="nestingDepth">How many levels of arrays and objects are allowed; 0 or less allows none.</param>
    /// <exception cref="ReqlDriverCompileError">"Nesting depth limit exceeded.", or any error of <see cref="Expr(object?)"/>.</exception>
    public static ReqlExpr Expr(object? value, int nestingDepth)
    {
        // Checked before anything else, as the official drivers do: a depth of 0 refuses even a number.
        if (nestingDepth <= 0)
        {
            throw NestingDepthExceeded();
        }
        // A depth given by the caller may be larger than the stack allows: stop with the same error, never crash.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw NestingDepthExceeded();
        }
        return value switch
        {
            null => ReqlDatum.Null,
            ReqlExpr expr => expr,
            string s => new ReqlDatum(s),
            bool b => new ReqlDatum(b),
            int i => new ReqlDatum((long)i),
            long l => new ReqlDatum(l),
            double d => new ReqlDatum(d),
            float f => new ReqlDatum((double)f),
            decimal m => new ReqlDatum((double)m),
            short sh => new ReqlDatum((long)sh),
            byte by => new ReqlDatum((long)by),
            sbyte sb => new ReqlDatum((long)sb),
            ushort us => new ReqlDatum((long)us),
            uint ui => new ReqlDatum((long)ui),
            ulong ul => ul <= long.MaxValue ? new ReqlDatum((long)ul) : new ReqlDatum((double)ul),
            char c => new ReqlDatum(c.ToString()),
            Guid g => new ReqlDatum(g.ToString("D", CultureInfo.InvariantCulture)),
            DateTime dt => new ReqlDatum(dt),
            DateTimeOffset dto => new ReqlDatum(dto),
            byte[] bytes => new ReqlDatum(bytes),
            ReadOnlyMemory<byte> memory => new ReqlDatum(memory.ToArray()),
            Delegate function => ReqlLambda.FromDelegate(function),
            JsonElement or JsonDocument or JsonNode => new ReqlDatum(value, serialized: true),
            IDictionary dictionary => FromDictionary(dictionary, nestingDepth),
            IEnumerable<KeyValuePair<string, object?>> pairs => FromPairs(pairs, nestingDepth),
            IEnumerable items => FromItems(items, nestingDepth),
            _ => new ReqlDatum(value, serialized: true),
        };
    }

    private static ReqlObject FromDictionary(IDictionary dictionary, int depth)
    {
        var fields = new KeyValuePair<string, ReqlExpr>[dictionary.Count];
        var i = 0;
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key)
            {
                // The official drivers refuse such keys rather than guess a string for them.
                throw new ReqlDriverCompileError("Object keys must be strings.");
            }
            fields[i++] = new(key, Expr(entry.Value, depth - 1));
        }
        return new ReqlObject(fields);
    }

    private static ReqlObject FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        var fields = new List<KeyValuePair<string, ReqlExpr>>();
        foreach (var (key, item) in pairs)
        {
            if (key is null)
            {
                throw new ReqlDriverCompileError("Object keys must be strings.");
            }
            fields.Add(new(key, Expr(item, depth - 1)));
        }
        return new ReqlObject([.. fields]);
    }

    private static ReqlTerm FromItems(IEnumerable items, int depth)
    {
        var args = new List<ReqlExpr>();
        foreach (var item in items)
        {
            args.Add(Expr(item, depth - 1));
        }
        return new ReqlTerm(TermType.MakeArray, [.. args]);
    }

    /// <summary>The official drivers' error for a value nested deeper than allowed.</summary>
    internal static ReqlDriverCompileError NestingDepthExceeded() => new("Nesting depth limit exceeded.");

    /// <summary>Converts each value with <see cref="Expr(object?)"/>.</summary>
    internal static ReqlExpr[] ExprAll(object?[]? values) => ReqlExpr.Prepend(null, values, wrap: false);

    /// <summary>Converts each value, wrapping those that use <see cref="Row"/> in a function.</summary>
    internal static ReqlExpr[] ExprAllWrapped(object?[]? values) => ReqlExpr.Prepend(null, values, wrap: true);
}
