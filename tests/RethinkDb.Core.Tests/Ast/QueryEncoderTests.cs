using System.Buffers;
using System.Text;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

/// <summary>The builder's terms go through the connection's encoder unchanged (ReqlExpr.WriteTo is its hook).</summary>
public sealed class QueryEncoderTests
{
    private static string Encode(ReqlExpr term, string? db = null, RunOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        QueryEncoder.Start(buffer, new QueryEncoder.StartQuery(term, db, options, NoReply: false, RethinkDbJson.DefaultOptions));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Fact]
    public void Start_query_carries_the_term_and_the_default_database()
    {
        Assert.Equal("[1,[39,[[15,[[14,[\"blog\"]],\"posts\"]],{\"published\":true}]],{\"db\":[14,[\"test\"]]}]",
            Encode(R.Db("blog").Table("posts").Filter(new { published = true }), "test"));
    }

    [Theory]
    [InlineData("test")]
    [InlineData("quote\" back\\slash é 日本 \u0001")]
    public void The_default_database_is_written_as_the_writer_would_escape_it(string db)
    {
        // The term is encoded once per name and reused: the bytes must be what writing it each time gave.
        var expected = $"[1,[59,[]],{{\"db\":[14,[{JsonSerializer.Serialize(db)}]]}}]";
        Assert.Equal(expected, Encode(R.DbList(), db));
        Assert.Equal(expected, Encode(R.DbList(), db));
    }

    [Fact]
    public void More_databases_than_the_encoder_keeps_are_each_sent_with_their_own_name()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"db{i}").Append(new string('x', 300)).ToArray();
        for (var round = 0; round < 3; round++)
        {
            foreach (var name in names)
            {
                Assert.Equal($"[1,[59,[]],{{\"db\":[14,[\"{name}\"]]}}]", Encode(R.DbList(), name));
            }
        }
    }

    [Fact]
    public void Noreply_in_OptArgs_is_refused_so_a_RunAsync_cannot_wait_forever()
    {
        var options = new RunOptions();
        options.OptArgs["noreply"] = true;
        var error = Assert.Throws<ReqlDriverCompileError>(() => Encode(R.Expr(1), options: options));
        Assert.Contains("RunNoReplyAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_optarg_with_a_property_is_refused_in_OptArgs_rather_than_sent_twice()
    {
        var options = new RunOptions { Durability = "soft" };
        options.OptArgs["durability"] = "hard";
        Assert.Throws<ReqlDriverCompileError>(() => Encode(R.Expr(1), options: options));
    }

    [Fact]
    public void Global_optargs_given_as_expressions_are_terms()
    {
        var options = new RunOptions();
        options.OptArgs["db"] = R.Db("other");
        Assert.Equal("[1,[59,[]],{\"db\":[14,[\"other\"]]}]", Encode(R.DbList(), "test", options));
    }

    [Fact]
    public void Datums_with_arrays_inside_a_query_are_wrapped()
    {
        Assert.Equal("[1,[56,[[15,[\"t\"]],{\"tags\":[2,[\"a\"]]}]],{}]", Encode(R.Table("t").Insert(new { tags = new[] { "a" } })));
    }
}
