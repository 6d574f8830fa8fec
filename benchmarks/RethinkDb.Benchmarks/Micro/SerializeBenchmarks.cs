using System.Buffers;
using BenchmarkDotNet.Attributes;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Micro;

/// <summary>
/// Scenario 1a: a typical query, <c>r.table("posts").filter(row =&gt; row("age").gt(30)).orderBy("name").limit(10)</c>,
/// to the wire bytes of its START body, as the multiplexer's encoder writes them.
/// </summary>
[MemoryDiagnoser]
public class SerializeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private ReqlExpr _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        _query = Build();
        _buffer.ResetWrittenCount();
        Encode(_buffer, _query);
        var json = System.Text.Encoding.UTF8.GetString(_buffer.WrittenSpan);
        if (!json.StartsWith("[1,[71,[[41,[[39,[[15,[\"posts\"]],[69,", StringComparison.Ordinal) ||
            !json.EndsWith("\"name\"]],10]],{\"db\":[14,[\"test\"]]}]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Unexpected wire bytes: " + json);
        }
    }

    /// <summary>Builds the expression as a caller would.</summary>
    public static ReqlExpr Build() => R.Table("posts").Filter(row => row["age"] > 30).OrderBy("name").Limit(10);

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

/// <summary>Scenario 6's share of the client: one batch of 1,000 small documents to the wire bytes of an insert.</summary>
[MemoryDiagnoser]
public class InsertSerializeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256 * 1024);
    private SmallDoc[] _batch = null!;

    [GlobalSetup]
    public void Setup() => _batch = Enumerable.Range(0, 1000).Select(i => new SmallDoc
    {
        Id = $"doc-{i:D6}",
        Name = $"user {i}",
        Age = 20 + (i % 50),
        Score = i * 1.5,
        Active = i % 2 == 0,
    }).ToArray();

    /// <summary>Builds <c>table.insert(batch)</c> and encodes it, as RunWriteAsync does.</summary>
    [Benchmark]
    public int BuildAndSerializeInsert1000()
    {
        _buffer.ResetWrittenCount();
        QueryEncoder.Start(_buffer, new QueryEncoder.StartQuery(R.Db("bench").Table("docs").Insert(_batch), "test", null, NoReply: false,
            RethinkDbJson.DefaultOptions));
        return _buffer.WrittenCount;
    }

    /// <summary>The floor of that: System.Text.Json writing the same array of documents.</summary>
    [Benchmark(Baseline = true)]
    public int JsonSerializerOnly()
    {
        _buffer.ResetWrittenCount();
        using var writer = new System.Text.Json.Utf8JsonWriter(_buffer);
        System.Text.Json.JsonSerializer.Serialize(writer, _batch, RethinkDbJson.DefaultOptions);
        return (int)writer.BytesCommitted + writer.BytesPending;
    }
}
