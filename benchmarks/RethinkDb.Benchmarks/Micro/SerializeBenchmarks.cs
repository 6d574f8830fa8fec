using System.Buffers;
using BenchmarkDotNet.Attributes;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Micro;

/// <summary>
/// Scenario 1a: a typical query, <c>r.table("posts").filter(row =&gt; row("age").gt(30)).orderBy("name").limit(10)</c>,
/// to the wire bytes of its START body, as the multiplexer's encoder writes them.
/// </summary>
/// <remarks>
/// The expression is built with <see cref="ReqlTerm"/> directly while the fluent builder (the <c>ast</c> work) is
/// not on main; the wire bytes are the same.
/// </remarks>
[MemoryDiagnoser]
public class SerializeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private ReqlExpr _query = null!;
    private readonly byte[] _expected = "[1,[71,[[41,[[39,[[15,[\"posts\"]],[69,[[2,[1]],[21,[[31,[[10,[1]],\"age\"]],30]]]]]],\"name\"]],10]],{\"db\":[14,[\"test\"]]}]"u8.ToArray();

    [GlobalSetup]
    public void Setup()
    {
        _query = Build();
        _buffer.ResetWrittenCount();
        Encode(_buffer, _query);
        if (!_buffer.WrittenSpan.SequenceEqual(_expected))
        {
            throw new InvalidOperationException("Unexpected wire bytes: " + System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan));
        }
    }

    /// <summary>Builds the expression as a caller would.</summary>
    public static ReqlExpr Build()
    {
        var row = new ReqlTerm(TermType.Var, [R.Expr(1)]);
        var body = new ReqlTerm(TermType.Gt, [new ReqlTerm(TermType.GetField, [row, R.Expr("age")]), R.Expr(30)]);
        var lambda = new ReqlTerm(TermType.Func, [new ReqlTerm(TermType.MakeArray, [R.Expr(1)]), body]);
        var filter = new ReqlTerm(TermType.Filter, [R.Table("posts"), lambda]);
        var orderBy = new ReqlTerm(TermType.OrderBy, [filter, R.Expr("name")]);
        return new ReqlTerm(TermType.Limit, [orderBy, R.Expr(10)]);
    }

    private static void Encode(ArrayBufferWriter<byte> buffer, ReqlExpr query) =>
        QueryEncoder.Start(buffer, new QueryEncoder.StartQuery(query, "test", null, NoReply: false, RethinkDbJson.DefaultOptions));

    /// <summary>A prebuilt expression to wire bytes.</summary>
    [Benchmark(Baseline = true)]
    public int Serialize()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, _query);
        return _buffer.WrittenCount;
    }

    /// <summary>Building the expression and encoding it, as a caller who builds each query where it runs.</summary>
    [Benchmark]
    public int BuildAndSerialize()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, Build());
        return _buffer.WrittenCount;
    }

    /// <summary><c>r.expr(1)</c> to wire bytes: the encoding share of the round-trip scenarios.</summary>
    [Benchmark]
    public int SerializeExprOne()
    {
        _buffer.ResetWrittenCount();
        Encode(_buffer, Harness.Queries.One);
        return _buffer.WrittenCount;
    }
}
