using System.Reflection;
using RethinkDb.Protocol;

namespace RethinkDb.Core.Tests.Ast;

/// <summary>
/// Every term type has a named C# entry point: a method or property of <see cref="R"/> or <see cref="ReqlExpr"/>
/// named like the JavaScript driver's command in PascalCase. (That each is also sent correctly is
/// <see cref="GoldenTests.Every_term_type_is_sent_by_some_catalogue_query"/>.)
/// </summary>
public sealed class CoverageTests
{
    /// <summary>The terms whose C# form is not a member named after the term, and what stands for it.</summary>
    private static readonly Dictionary<TermType, string> Exceptions = new()
    {
        [TermType.MakeArray] = "Expr",   // R.Expr(collection)
        [TermType.MakeObj] = "Expr",     // R.Expr(dictionary): a JSON object in term position
        [TermType.Var] = "Do",           // lambdas: the parameters of any lambda
        [TermType.Func] = "Do",          // lambdas: any method taking a Func<ReqlExpr, ...>
        [TermType.ImplicitVar] = "Row",
        [TermType.Funcall] = "Do",
        [TermType.Javascript] = "Js",
        [TermType.Geojson] = "GeoJson",
        [TermType.ToGeojson] = "ToGeoJson",
        [TermType.Minval] = "MinVal",
        [TermType.Maxval] = "MaxVal",
    };

    public static TheoryData<TermType> SentTermTypes()
    {
        var data = new TheoryData<TermType>();
        foreach (var type in Enum.GetValues<TermType>().Where(t => !TermInfo.NotSent.Contains(t)))
        {
            data.Add(type);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SentTermTypes))]
    public void Term_type_has_a_public_member_named_after_it(TermType type)
    {
        var name = Exceptions.GetValueOrDefault(type, type.ToString());
        var members = typeof(R).GetMember(name, BindingFlags.Public | BindingFlags.Static)
            .Concat(typeof(ReqlExpr).GetMember(name, BindingFlags.Public | BindingFlags.Instance));
        Assert.True(members.Any(m => m is MethodInfo or PropertyInfo), $"{type}: no R.{name} or ReqlExpr.{name}");
    }

    [Fact]
    public void Excluded_term_types_are_only_the_obsolete_and_the_implicit_one()
    {
        Assert.Equal(new[] { TermType.Datum, TermType.BetweenDeprecated }.Order(), TermInfo.NotSent.Order());
    }

    [Fact]
    public void Every_term_type_has_a_printable_name()
    {
        foreach (var type in Enum.GetValues<TermType>())
        {
            var name = TermInfo.Name(type);
            Assert.False(string.IsNullOrEmpty(name));
            Assert.True(char.IsLower(name[0]) || name == "ISO8601", $"{type} prints as {name}");
        }
        Assert.Equal("js", TermInfo.Name(TermType.Javascript));
        Assert.Equal("toISO8601", TermInfo.Name(TermType.ToIso8601));
        Assert.Equal("eqJoin", TermInfo.Name(TermType.EqJoin));
    }
}
