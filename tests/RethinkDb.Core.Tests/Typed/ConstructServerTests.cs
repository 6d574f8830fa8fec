using RethinkDb.Core.Tests.Infrastructure;
using RethinkDb.Core.Tests.Results;

namespace RethinkDb.Core.Tests.Typed;

/// <summary>The constructs of <see cref="ConstructTranslationTests"/> run against a server: they mean there what
/// they mean in C#, and their results come back typed.</summary>
public sealed class ConstructServerTests
{
    private static readonly DateTimeOffset Born = new DateTimeOffset(1970, 5, 29, 10, 20, 30, TimeSpan.FromHours(2)).AddMilliseconds(750);

    private static readonly Hero[] Sample =
    [
        new() { Id = "tony", Name = "Iron Man", Age = 48, Team = "avengers", Score = -2.5, Born = Born, Stats = new() { ["HP"] = 20, ["MaxHP"] = 30 } },
        new() { Id = "steve", Name = "Captain America", Age = 101, Team = "avengers", Score = 4, Born = Born.AddSeconds(1) },
        new() { Id = "logan", Name = "Wolverine", Age = 150, Team = "x-men", Score = -7, Born = Born, Stats = new() { ["HP"] = 5 } },
    ];

    private static async Task<(Harness Harness, ReqlTable<Hero> Heroes)> SeedAsync(ServerKind kind)
    {
        var h = await Harness.StartAsync(kind);
        await h.CreateTableAsync("heroes");
        var heroes = R.Db(h.Db).Table<Hero>("heroes");
        Assert.Equal(Sample.Length, (await heroes.Insert(Sample).RunAsync(h.Connection)).Inserted);
        return (h, heroes);
    }

    [Theory, TestServer, RealServer]
    public async Task A_list_of_the_client_is_a_typed_sequence(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var list = new List<Hero>(Sample);

        List<Hero> older = await R.Expr(list).Filter(x => x.Age > 100).RunAsync(h.Connection);

        Assert.Equal(["steve", "logan"], older.Select(x => x.Id));
        Assert.Equal(Born.AddSeconds(1), older[0].Born);
    }

    [Theory, TestServer, RealServer]
    public async Task Case_and_length_follow_the_server_on_non_ASCII_text_as_the_README_says(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);
        var list = new List<Hero> { new() { Id = "1", Name = "é straße" }, new() { Id = "2", Name = "a\U0001F600" } };

        var upper = await R.Expr(list).Map(x => x.Name.ToUpperInvariant()).RunAsync(h.Connection);
        var lower = await R.Expr(list).Map(x => x.Name.ToLowerInvariant()).RunAsync(h.Connection);
        var lengths = await R.Expr(list).Map(x => x.Name.Length).RunAsync(h.Connection);

        // upcase/downcase change ASCII letters only; count counts code points, not UTF-16 units.
        Assert.Equal(["é STRAßE", "A\U0001F600"], upper);
        Assert.Equal(["é straße", "a\U0001F600"], lower);
        Assert.Equal([8, 2], lengths);
        Assert.Equal(3, list[1].Name.Length);
    }

    [Theory, TestServer, RealServer]
    public async Task Abs_split_and_second_mean_what_they_mean_in_CSharp(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        var scores = await heroes.OrderBy(x => x.Id).Map(x => Math.Abs(x.Score)).RunAsync(h.Connection);
        var words = await heroes.OrderBy(x => x.Id).Map(x => x.Name.Split(' ')).RunAsync(h.Connection);
        var atThirty = await heroes.Filter(x => x.Born.Second == Born.Second).RunAsync(h.Connection);

        Assert.Equal(Sample.OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => Math.Abs(x.Score)), scores);
        Assert.Equal(Sample.OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => x.Name.Split(' ')), words);
        Assert.Equal(["logan", "tony"], atThirty.Select(x => x.Id).Order());

        var friday = await heroes.Filter(x => x.Born.DayOfWeek == Born.DayOfWeek).RunAsync(h.Connection);
        var days = await heroes.OrderBy(x => x.Id).Map(x => x.Born.DayOfWeek).RunAsync(h.Connection);
        Assert.Equal(DayOfWeek.Friday, Born.DayOfWeek);
        Assert.Equal(["logan", "steve", "tony"], friday.Select(x => x.Id).Order());
        Assert.Equal([DayOfWeek.Friday, DayOfWeek.Friday, DayOfWeek.Friday], days);
    }

    [Theory, TestServer, RealServer]
    public async Task Dictionary_keys_match_the_stored_keys_whatever_the_naming_policy(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        var strong = await heroes.Filter(x => x.Stats["HP"] > 10 && x.Stats.ContainsKey("MaxHP")).RunAsync(h.Connection);
        var withHp = await heroes.Filter(x => x.Stats.ContainsKey("HP")).RunAsync(h.Connection);

        Assert.Equal("tony", Assert.Single(strong).Id);
        Assert.Equal(["logan", "tony"], withHp.Select(x => x.Id).Order());

        var built = await heroes.Filter(x => x.Id == "tony").Map(x => new Dictionary<string, double> { { "HP", x.Age }, { "Max HP", x.Score } })
            .RunAsync(h.Connection);
        Assert.Equal(new Dictionary<string, double> { ["HP"] = 48, ["Max HP"] = -2.5 }, Assert.Single(built));
    }

    [Theory, TestServer, RealServer]
    public async Task Select_after_group_into_reads_key_and_aggregate(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;

        var perTeam = await (from x in heroes group x by x.Team into g select new TeamCount { Team = g.Key, Count = g.Count(), Oldest = g.Select(m => m.Age).Max() })
            .RunAsync(h.Connection);

        Assert.Equal([("avengers", 2L, 101), ("x-men", 1L, 150)], perTeam.Select(t => (t.Team, t.Count, t.Oldest)).OrderBy(t => t.Team, StringComparer.Ordinal));
    }

    [Theory, TestServer, RealServer]
    public async Task Zip_merges_the_right_document_over_the_left(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;
        await h.CreateTableAsync("teams");
        var teams = R.Db(h.Db).Table<Team>("teams");
        await teams.Insert(new Team { Id = "avengers", Name = "Avengers" }).RunAsync(h.Connection);

        var zipped = await heroes.EqJoin(x => x.Team, teams).Zip<Hero>().RunAsync(h.Connection);

        Assert.Equal(["avengers", "avengers"], zipped.Select(x => x.Id));
        Assert.All(zipped, x => Assert.Equal("Avengers", x.Name));
        Assert.Equal([48, 101], zipped.Select(x => x.Age).Order());
    }

    [Theory, TestServer, RealServer]
    public async Task OrderBy_a_descending_secondary_index(ServerKind kind)
    {
        var (h, heroes) = await SeedAsync(kind);
        await using var _ = h;
        await heroes.IndexCreate("age", x => x.Age).RunAsync(h.Connection);
        await heroes.IndexWait("age").RunAsync(h.Connection);

        var byAge = await heroes.OrderBy(IndexOptions.Desc("age")).RunAsync(h.Connection);

        Assert.Equal([150, 101, 48], byAge.Select(x => x.Age));
    }

    [Theory, TestServer, RealServer]
    public async Task Union_interleaves_ordered_sequences_by_a_function(ServerKind kind)
    {
        await using var h = await Harness.StartAsync(kind);

        var merged = await R.Expr(new[] { 1, 4, 6 }).Union(new UnionOptions { InterleaveBy = x => x }, new[] { 2, 3, 7 }).RunAsync<int[]>(h.Connection);

        Assert.Equal([1, 2, 3, 4, 6, 7], merged);
    }

    private sealed class TeamCount
    {
        public string? Team { get; set; }

        public long Count { get; set; }

        public int Oldest { get; set; }
    }
}
