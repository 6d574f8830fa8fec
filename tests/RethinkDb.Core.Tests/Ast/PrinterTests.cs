using System.Text;

namespace RethinkDb.Core.Tests.Ast;

public sealed class PrinterTests
{
    private static (string Query, string? Carets) Print(ReqlExpr query, string? backtrace = null) =>
        backtrace is null ? ReqlPrinter.Print(query, (IReadOnlyList<object>?)null) : ReqlPrinter.Print(query, Encoding.UTF8.GetBytes(backtrace).AsSpan());

    /// <summary>The text the carets sit under.</summary>
    private static string Marked(string query, string carets)
    {
        var start = carets.IndexOf('^', StringComparison.Ordinal);
        return query.Substring(start, carets.Length - start);
    }

    [Fact]
    public void Passwords_inside_queries_are_never_printed()
    {
        var withDictionary = Print(R.Db("rethinkdb").Table("users").Get("app")
            .Update(new Dictionary<string, object?> { ["password"] = "pw-dict-1" })).Query;
        var withObject = Print(R.Db("rethinkdb").Table("users").Insert(new { id = "app", password = "pw-anon-2", nested = new { auth_key = "pw-nested-3" } })).Query;
        Assert.DoesNotContain("pw-dict-1", withDictionary, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-anon-2", withObject, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-nested-3", withObject, StringComparison.Ordinal);
        Assert.Contains("\"***\"", withDictionary, StringComparison.Ordinal);
        Assert.Contains("\"app\"", withObject, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-dict-1", R.Table("users").Get("app").Update(new Dictionary<string, object?> { ["password"] = "pw-dict-1" }).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Http_credentials_inside_queries_are_never_printed()
    {
        var query = Print(R.Http("https://reader:pw-url-1@api.example.com/heroes?x=1")
            .OptArg("auth", new { type = "basic", user = "reader", pass = "pw-auth-2" })
            .OptArg("header", new Dictionary<string, object?> { ["Authorization"] = "Bearer tok-3" })).Query;
        var inData = Print(R.Expr(new Dictionary<string, object?> { ["token"] = "tok-4", ["name"] = "kept" })).Query;

        Assert.DoesNotContain("pw-url-1", query, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-auth-2", query, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-3", query, StringComparison.Ordinal);
        Assert.Contains("\"https://***@api.example.com/heroes?x=1\"", query, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-4", inData, StringComparison.Ordinal);
        Assert.Contains("kept", inData, StringComparison.Ordinal);
        // A URL without credentials and an e-mail address in a string are printed as they are.
        Assert.Contains("\"https://api.example.com/x\"", Print(R.Http("https://api.example.com/x")).Query, StringComparison.Ordinal);
        Assert.Contains("\"a@b.c\"", Print(R.Expr("a@b.c")).Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Prints_chained_commands_as_methods_and_starters_on_r()
    {
        var (query, carets) = Print(R.Db("marvel").Table("heroes").Get("iron_man"));
        Assert.Equal("r.db(\"marvel\").table(\"heroes\").get(\"iron_man\")", query);
        Assert.Null(carets);
    }

    [Fact]
    public void Prints_lambdas_as_functions_and_fields_as_calls()
    {
        var query = Print(R.Table("heroes").Filter(h => h["age"] > 30).OrderBy(R.Desc("age")).Limit(10)).Query;
        Assert.Matches(
            """^r\.table\("heroes"\)\.filter\(function\(var_(\d+)\) \{ return var_\1\("age"\)\.gt\(30\); \}\)\.orderBy\(r\.desc\("age"\)\)\.limit\(10\)$""",
            query);
    }

    [Fact]
    public void Prints_optargs_datums_arrays_objects_and_constants()
    {
        Assert.Equal("r.table(\"t\").getAll(\"a\", \"b\", {\"index\": \"name\"})",
            Print(R.Table("t").GetAll("a", "b").OptArg("index", "name")).Query);
        Assert.Equal("r.expr([1, 2.5, \"x\\\"y\", null, true]).count()",
            Print(R.Expr(new object?[] { 1, 2.5, "x\"y", null, true }).Count()).Query);
        Assert.Equal("r.table(\"t\").insert({\"at\": r.now(), \"n\": 1})",
            Print(R.Table("t").Insert(new Dictionary<string, object?> { ["at"] = R.Now(), ["n"] = 1 })).Query);
        Assert.Equal("r.table(\"t\").between(r.minval, r.maxval)", Print(R.Table("t").Between(R.MinVal, R.MaxVal)).Query);
        Assert.Equal("r.table(\"t\").filter(r.row(\"a\").eq(1))", Print(R.Table("t").Filter(R.Row["a"] == 1)).Query);
        Assert.Equal("r.tableCreate(\"t\")", Print(R.TableCreate("t")).Query);
        Assert.Equal("r.db(\"d\").tableCreate(\"t\")", Print(R.Db("d").TableCreate("t")).Query);
        Assert.Equal("r.expr({\"name\":\"x\"}).merge({\"a\": 1})",
            Print(R.Expr(new { name = "x" }).Merge(new Dictionary<string, object?> { ["a"] = 1 })).Query);
        Assert.Equal("r.binary(<data>)", Print(R.Binary(new byte[] { 1 })).Query);
        Assert.Equal("r.ISO8601(\"2020-01-01T00:00:00.000+00:00\")",
            Print(R.Expr(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc))).Query);
    }

    [Fact]
    public void Prints_do_in_both_forms()
    {
        Assert.Matches("""^r\.table\("t"\)\.do\(function\(var_(\d+)\) \{ return var_\1\("a"\); \}\)$""",
            Print(R.Table("t").Do(x => x["a"])).Query);
        Assert.Matches("""^r\.do\(1, 2, function\(var_(\d+), var_(\d+)\) \{ return var_\1\.add\(var_\2\); \}\)$""",
            Print(R.Do(1, 2, (a, b) => a + b)).Query);
    }

    [Fact]
    public void Carets_mark_a_positional_argument()
    {
        // r.table("heroes").get(1)("name"): BRACKET's argument 0 is GET, GET's argument 1 is the key.
        var (query, carets) = Print(R.Table("heroes").Get(1)["name"], "[0, 1]");
        Assert.Equal("r.table(\"heroes\").get(1)(\"name\")", query);
        Assert.Equal(new string(' ', query.IndexOf("get(1", StringComparison.Ordinal) + 4) + "^", carets);
    }

    [Fact]
    public void Carets_mark_a_whole_sub_term()
    {
        var (query, carets) = Print(R.Table("heroes").Get(1)["name"], "[0]");
        Assert.Equal("r.table(\"heroes\").get(1)", Marked(query, carets!));
        Assert.Equal(new string('^', "r.table(\"heroes\").get(1)".Length), carets);
    }

    [Fact]
    public void Carets_follow_optargs_by_name()
    {
        var query = R.Table("heroes").Insert(new { id = 1 }).OptArg("conflict", R.Error("no"));
        var printed = Print(query, "[\"conflict\"]");
        Assert.Equal("r.error(\"no\")", Marked(printed.Query, printed.Carets!));
    }

    [Fact]
    public void Carets_go_into_lambdas_and_object_fields()
    {
        var query = R.Table("heroes").Filter(h => h["age"] > R.Expr("x").CoerceTo("number"));
        // FILTER arg 1 is FUNC, FUNC arg 1 is the body (GT), GT arg 1 is COERCE_TO.
        var printed = Print(query, "[1, 1, 1]");
        Assert.Equal("r.expr(\"x\").coerceTo(\"number\")", Marked(printed.Query, printed.Carets!));

        var obj = R.Table("t").Insert(new Dictionary<string, object?> { ["a"] = 1, ["b"] = R.Now().Year() });
        var inObject = Print(obj, "[1, \"b\"]");
        Assert.Equal("r.now().year()", Marked(inObject.Query, inObject.Carets!));
    }

    [Fact]
    public void An_empty_backtrace_marks_everything_and_a_bad_one_marks_nothing()
    {
        var query = R.Table("t").Count();
        Assert.Equal(new string('^', "r.table(\"t\").count()".Length), Print(query, "[]").Carets);
        Assert.Null(Print(query, "{\"not\":\"frames\"}").Carets);
        Assert.Null(Print(query, "[0, 9]").Carets);
        Assert.Null(Print(query, "[").Carets);
    }

    [Fact]
    public void Shared_sub_terms_are_marked_only_where_the_path_leads()
    {
        var shared = R.Expr(5);
        var query = R.Expr(1).Add(shared, shared);
        var printed = Print(query, "[2]");
        Assert.Equal("r.expr(1).add(5, 5)", printed.Query);
        Assert.Equal(new string(' ', "r.expr(1).add(5, ".Length) + "^", printed.Carets);
    }
}
