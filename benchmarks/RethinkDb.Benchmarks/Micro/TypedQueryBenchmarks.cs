using System.Buffers;
using System.Linq.Expressions;
using BenchmarkDotNet.Attributes;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Micro;

/// <summary>
/// The cost of the typed layer: building and encoding <c>posts.filter(age &gt; 30).orderBy("name").limit(10)</c> from a
/// C# expression-tree lambda over <see cref="SmallDoc"/> against the untyped form of the same query (the target is at
/// most twice the untyped cost). Both send the same bytes, up to lambda variable ids. The typed forms reuse each
/// lambda's cached translation (LambdaCache); the filter pair is the same with one lambda (the key selector's tree
/// costs as much to build as the predicate's); the captured pair measures a lambda whose value is read again on every
/// call (a captured variable in a slot of the cached translation); the kept form passes lambdas held in static fields
/// (recognised by identity, no tree built or walked per call).
/// </summary>
[MemoryDiagnoser]
public class TypedQueryBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    private int _minimumAge = 30;

    [GlobalSetup]
    public void Setup()
    {
        Check(Wire(BuildUntyped()), Wire(BuildTyped()));
        Check(Wire(BuildUntypedCaptured(_minimumAge)), Wire(BuildTypedCaptured(_minimumAge)));
        Check(Wire(BuildUntypedFilter()), Wire(BuildTypedFilter()));
        Check(Wire(BuildUntyped()), Wire(BuildTypedKept()));
        // Kept trees are recognised by identity once in the GC's oldest generation.
        GC.Collect();
        GC.Collect();
    }

    private static readonly Expression<Func<SmallDoc, bool>> KeptFilter = d => d.Age > 30;
    private static readonly Expression<Func<SmallDoc, string>> KeptOrder = d => d.Name;

    /// <summary>The typed query with its lambdas kept in static fields (built once, not on every call).</summary>
    public static ReqlExpr BuildTypedKept() => R.Table<SmallDoc>("posts").Filter(KeptFilter).OrderBy(KeptOrder).Limit(10);

    private static void Check(string untyped, string typed)
    {
        if (Normalize(untyped) != Normalize(typed))
        {
            throw new InvalidOperationException($"Typed and untyped queries differ:\n{untyped}\n{typed}");
        }
    }

    /// <summary>The untyped query with a captured minimum age.</summary>
    public static ReqlExpr BuildUntypedCaptured(int minimumAge) => R.Table("posts").Filter(row => row["age"] > minimumAge).OrderBy("name").Limit(10);

    /// <summary>The typed query with a captured minimum age.</summary>
    public static ReqlExpr BuildTypedCaptured(int minimumAge) => R.Table<SmallDoc>("posts").Filter(d => d.Age > minimumAge).OrderBy(d => d.Name).Limit(10);

    /// <summary>The untyped query, as a caller writes it.</summary>
    public static ReqlExpr BuildUntyped() => R.Table("posts").Filter(row => row["age"] > 30).OrderBy("name").Limit(10);

    /// <summary>The typed query: a lambda compiled to an expression tree, translated when the query is built.</summary>
    public static ReqlExpr BuildTyped() => R.Table<SmallDoc>("posts").Filter(d => d.Age > 30).OrderBy(d => d.Name).Limit(10);

    /// <summary>The untyped query with one lambda: <c>posts.filter(age &gt; 30)</c>.</summary>
    public static ReqlExpr BuildUntypedFilter() => R.Table("posts").Filter(row => row["age"] > 30);

    /// <summary>The typed query with one lambda.</summary>
    public static ReqlExpr BuildTypedFilter() => R.Table<SmallDoc>("posts").Filter(d => d.Age > 30);

    /// <summary>Build and encode the untyped query.</summary>
    [Benchmark(Baseline = true)]
    public int Untyped()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, BuildUntyped());
        return _buffer.WrittenCount;
    }

    /// <summary>Build and encode the typed query.</summary>
    [Benchmark]
    public int Typed()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, BuildTyped());
        return _buffer.WrittenCount;
    }

    /// <summary>Build and encode the typed query whose lambdas the program keeps.</summary>
    [Benchmark]
    public int TypedKept()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, BuildTypedKept());
        return _buffer.WrittenCount;
    }

    /// <summary>Build and encode the untyped query with a captured value.</summary>
    [Benchmark]
    public int UntypedCaptured()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, BuildUntypedCaptured(_minimumAge++ & 63));
        return _buffer.WrittenCount;
    }

    /// <summary>Build and encode the typed query with a captured value.</summary>
    [Benchmark]
    public int TypedCaptured()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, BuildTypedCaptured(_minimumAge++ & 63));
        return _buffer.WrittenCount;
    }

    /// <summary>Build and encode the untyped one-lambda query.</summary>
    [Benchmark]
    public int UntypedFilter()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, BuildUntypedFilter());
        return _buffer.WrittenCount;
    }

    /// <summary>Build and encode the typed one-lambda query.</summary>
    [Benchmark]
    public int TypedFilter()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, BuildTypedFilter());
        return _buffer.WrittenCount;
    }

    /// <summary>
    /// Only the two expression trees the C# compiler builds for the typed query on every call (no translation, no
    /// encoding): the part of the typed cost that no cache in the driver can remove.
    /// </summary>
    [Benchmark]
    public int ExpressionTreesOnly()
    {
        Expression<Func<SmallDoc, bool>> filter = d => d.Age > 30;
        Expression<Func<SmallDoc, string>> order = d => d.Name;
        return filter.Parameters.Count + order.Parameters.Count;
    }

    private static void Encode(ArrayBufferWriter<byte> buffer, ReqlExpr query) =>
        QueryEncoder.Start(buffer, new QueryEncoder.StartQuery(query, "test", null, NoReply: false, RethinkDbJson.DefaultOptions));

    private static string Wire(ReqlExpr query)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Encode(buffer, query);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Lambda variable ids come from a process-wide counter: blank out the numbers of VAR terms and parameter lists.
    private static string Normalize(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, @"\[(2|10),\[\d+\]\]", "[$1,[N]]");
}
