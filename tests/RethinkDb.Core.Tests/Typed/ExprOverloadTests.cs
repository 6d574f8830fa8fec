using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Core.Tests.Ast;
using static RethinkDb.Core.Tests.Typed.TypedAssert;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>
/// <c>R.Expr(List&lt;T&gt;)</c> of reference types is a typed sequence; every other argument binds, at compile time,
/// to the overload it bound to before (checked through the static type of the result) and sends the same JSON.
/// </summary>
public sealed class ExprOverloadTests
{
    private static Type StaticType<TExpr>(TExpr _) => typeof(TExpr);

    [Fact]
    public void Other_arguments_keep_their_overloads_and_their_wire_json()
    {
        var dictionary = new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" };
        JsonNode node = JsonNode.Parse("""{"a":[1,2]}""")!;
        var element = JsonDocument.Parse("[1]").RootElement;
        var strings = new[] { "a", "b" };
        var objects = new object?[] { 1, "a", null };
        var expressions = new[] { R.Expr(1), R.Expr(2) };
        var anonymous = new[] { new { a = 1 } };
        var numbers = new List<int> { 1, 2 };

        Assert.Equal(typeof(ReqlDatum), StaticType(R.Expr(1)));
        Assert.Equal(typeof(ReqlDatum), StaticType(R.Expr(1L)));
        Assert.Equal(typeof(ReqlDatum), StaticType(R.Expr(1.5)));
        Assert.Equal(typeof(ReqlDatum), StaticType(R.Expr("s")));
        Assert.Equal(typeof(ReqlDatum), StaticType(R.Expr(true)));
        Assert.Equal(typeof(ReqlDatum), StaticType(R.Expr(null)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(new[] { 1, 2 })));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(strings)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(objects)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(expressions)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(anonymous)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(numbers)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(new { a = 1 })));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(dictionary)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(node)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(element)));
        Assert.Equal(typeof(ReqlExpr), StaticType(R.Expr(R.Table("heroes"))));

        Assert.Equal("[2,[1,2]]", Wire.Json(R.Expr(new[] { 1, 2 })));
        Assert.Equal("""[2,["a","b"]]""", Wire.Json(R.Expr(strings)));
        Assert.Equal("""[2,[1,"a",null]]""", Wire.Json(R.Expr(objects)));
        Assert.Equal("[2,[1,2]]", Wire.Json(R.Expr(expressions)));
        Assert.Equal("""{"a":1,"b":"x"}""", Wire.Json(R.Expr(dictionary)));
        Assert.Equal("""{"a":[2,[1,2]]}""", Wire.Json(R.Expr(node)));
        Assert.Equal("""{"a":1}""", Wire.Json(R.Expr(new { a = 1 })));
        Assert.Equal("[2,[1,2]]", Wire.Json(R.Expr(numbers)));
    }

    [Fact]
    public void A_list_of_objects_is_a_typed_sequence_sent_as_the_untyped_value()
    {
        var heroes = new List<Hero> { new() { Id = "a", Name = "A", Age = 40 }, new() { Id = "b", Name = "B", Age = 20 } };

        ReqlSequence<Hero> typed = R.Expr(heroes);

        Assert.Equal(Wire.Json(R.Expr((object)heroes)), Wire.Json(typed));
        SameWire(R.Expr((object)heroes).Filter(h => h["age"] > 30).OrderBy("name"),
            R.Expr(heroes).Filter(h => h.Age > 30).OrderBy(h => h.Name));
    }

    [Fact]
    public void A_list_of_strings_is_typed_and_its_lambdas_translate()
    {
        var names = new List<string> { "Iron Man", "Thor" };

        SameWire(R.Expr((object)names).Filter(n => n.Match("^Ir") != R.Expr(null)), R.Expr(names).Filter(n => n.StartsWith("Ir")));
    }

    [Fact]
    public void A_list_of_expressions_keeps_the_untyped_lambdas()
    {
        var items = new List<ReqlExpr> { R.Expr(1), R.Expr(2) };

        SameWire(R.Expr((object)items).Map(x => x.Add(1)), R.Expr(items).Map(x => x.Add(1)));
        SameWire(R.Expr((object)items).OrderBy(x => x.Mul(2)), R.Expr(items).OrderBy(x => x.Mul(2)));
    }
}
