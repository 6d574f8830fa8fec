using System.Buffers;
using System.Text;
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
