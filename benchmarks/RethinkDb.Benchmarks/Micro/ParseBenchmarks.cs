using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using RethinkDb.Protocol;

namespace RethinkDb.Benchmarks.Micro;

/// <summary>
/// Scenario 1b: a response body of 1, 100 or 1,000 small documents, as it leaves the socket, to a list of POCOs:
/// <see cref="Response.Parse(long, in ReadOnlySequence{byte})"/> (copy into a pooled buffer, header fields) and
/// then each element of <c>r</c> deserialized with the connection's default serializer options.
/// </summary>
/// <remarks>
/// The documents are read as a cursor reads a batch: System.Text.Json over the raw <c>r</c> slice
/// (<c>ResultsAndRest</c>, which never makes a large body be parsed past its results), no intermediate DOM or string.
/// </remarks>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private ReadOnlySequence<byte> _body;
    private JsonTypeInfo<SmallDoc> _typeInfo = null!;

    [Params(1, 100, 1000)]
    public int Documents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = new ReadOnlySequence<byte>(Micro.Documents.SequenceBody(Documents));
        _typeInfo = (JsonTypeInfo<SmallDoc>)RethinkDbJson.DefaultOptions.GetTypeInfo(typeof(SmallDoc));
        if (Parse().Count != Documents)
        {
            throw new InvalidOperationException("Wrong document count");
        }
    }

    [Benchmark]
    public List<SmallDoc> Parse()
    {
        using var response = Response.Parse(1, _body);
        var list = new List<SmallDoc>(Documents);
        var reader = new Utf8JsonReader(response.ResultsAndRest);
        reader.Read(); // [
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ResultReader.ReadRow(ref reader, _typeInfo, direct: true)); // as a cursor reads each row
        }
        return list;
    }

    /// <summary>
    /// Only what the reader thread does per frame: copy to a pooled buffer and read the header (over 32 KiB, up to
    /// the start of <c>r</c>; smaller bodies whole); no documents.
    /// </summary>
    [Benchmark]
    public int ParseHeaderOnly()
    {
        using var response = Response.Parse(1, _body);
        return (int)response.Type;
    }
}
