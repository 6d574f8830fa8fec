using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using RethinkDb;
using RethinkDb.Extensions.Hosting;

namespace WebApi;

/// <summary>CRUD and a live changefeed over the <c>heroes</c> table.</summary>
internal static class HeroesEndpoints
{
    public static void MapHeroes(this IEndpointRouteBuilder app)
    {
        // A hero is small: a larger body is refused (413) before it is read, not buffered and parsed.
        var heroes = app.MapGroup("/heroes")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(HeroValidation.MaxBodyBytes));

        heroes.MapGet("/", async (IRethinkDbConnectionFactory factory, CancellationToken ct, int skip = 0, int take = 20) =>
        {
            var errors = HeroValidation.ValidatePage(skip, take);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            await using var conn = await factory.OpenAsync(ct);
            // Through the primary index: the server reads only skip + take documents in order, where orderBy("id")
            // would load and sort the whole table (and fail past 100,000 documents, the array size limit).
            var page = await R.Table(HeroesSchema.Table).OrderBy(IndexOptions.Of("id")).Skip(skip).Limit(take)
                .RunAsync<List<Hero>>(conn, cancellationToken: ct);
            return Results.Ok(page);
        });

        heroes.MapGet("/{id}", async (string id, IRethinkDbConnectionFactory factory, CancellationToken ct) =>
        {
            await using var conn = await factory.OpenAsync(ct);
            var hero = await R.Table(HeroesSchema.Table).Get(id).RunAsync<Hero?>(conn, cancellationToken: ct);
            return hero is null ? NotFound(id) : Results.Ok(hero);
        });

        heroes.MapPost("/", async (Hero hero, IRethinkDbConnectionFactory factory, CancellationToken ct) =>
        {
            var errors = HeroValidation.Validate(hero);
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            await using var conn = await factory.OpenAsync(ct);
            var result = await R.Table(HeroesSchema.Table).Insert(hero).RunWriteAsync(conn, cancellationToken: ct);
            if (result.Errors > 0)
            {
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The hero could not be created.",
                    detail: result.FirstError);
            }
            var created = hero with { Id = hero.Id ?? result.GeneratedKeys![0].ToString() };
            return Results.Created($"/heroes/{created.Id}", created);
        });

        heroes.MapPut("/{id}", async (string id, Hero hero, IRethinkDbConnectionFactory factory, CancellationToken ct) =>
        {
            var errors = HeroValidation.Validate(hero);
            if (hero.Id is { } bodyId && bodyId != id)
            {
                errors["id"] = ["The id in the body differs from the id in the URL."];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            await using var conn = await factory.OpenAsync(ct);
            var replacement = hero with { Id = id };
            var result = await R.Table(HeroesSchema.Table).Get(id)
                .Replace(old => R.Branch(old.Eq(ReqlDatum.Null), ReqlDatum.Null, replacement))
                .RunWriteAsync(conn, cancellationToken: ct);
            return result.Skipped > 0 ? NotFound(id) : Results.Ok(replacement);
        });

        heroes.MapPatch("/{id}", async (string id, Hero changes, IRethinkDbConnectionFactory factory, CancellationToken ct) =>
        {
            var errors = HeroValidation.Validate(changes, requireName: false);
            if (changes.Id is { } bodyId && bodyId != id)
            {
                errors["id"] = ["The primary key cannot be changed."];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }
            await using var conn = await factory.OpenAsync(ct);
            var patch = new Dictionary<string, object?>();
            if (changes.Name is not null) { patch["name"] = changes.Name; }
            if (changes.Age is not null) { patch["age"] = changes.Age; }
            if (changes.Powers is not null) { patch["powers"] = changes.Powers; }
            var result = await R.Table(HeroesSchema.Table).Get(id).Update(patch)
                .RunWriteAsync(conn, cancellationToken: ct);
            if (result.Skipped > 0)
            {
                return NotFound(id);
            }
            var updated = await R.Table(HeroesSchema.Table).Get(id).RunAsync<Hero?>(conn, cancellationToken: ct);
            return updated is null ? NotFound(id) : Results.Ok(updated);
        });

        heroes.MapDelete("/{id}", async (string id, IRethinkDbConnectionFactory factory, CancellationToken ct) =>
        {
            await using var conn = await factory.OpenAsync(ct);
            var result = await R.Table(HeroesSchema.Table).Get(id).Delete().RunWriteAsync(conn, cancellationToken: ct);
            return result.Deleted == 0 ? NotFound(id) : Results.NoContent();
        });

        heroes.MapGet("/live", (RethinkDbDataSource dataSource, CancellationToken ct) =>
            TypedResults.ServerSentEvents(LiveChanges(dataSource, ct)));
    }

    private static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such hero.", detail: $"No hero has the id '{id}'.");

    /// <summary>
    /// The heroes table's changes as SSE events: <c>ready</c> once the feed is open, <c>change</c> for each change,
    /// and <c>gap</c> when the feed lost its connection and reopened (on the data source, so on whatever server it
    /// reaches then): changes may have been missed meanwhile, so the client should read the heroes again.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<HeroChange?>> LiveChanges(RethinkDbDataSource dataSource,
        [EnumeratorCancellation] CancellationToken ct)
    {
        // include_states: the "ready" state says when the feed is open on the server, first and after each reopen.
        var feed = R.Table(HeroesSchema.Table).Changes().OptArg("include_states", true)
            .RunResumableChangesAsync<Hero>(dataSource, new FeedResumeOptions { MaxAttempts = null }, ct);
        await foreach (var change in feed.WithCancellation(ct))
        {
            if (change.IsGap)
            {
                yield return new SseItem<HeroChange?>(null, "gap");
            }
            else if (change.State == "ready")
            {
                // Tell the client the feed is open: every change from now on will reach it.
                yield return new SseItem<HeroChange?>(null, "ready");
            }
            else if (!change.IsState)
            {
                yield return new SseItem<HeroChange?>(new HeroChange(change.OldVal, change.NewVal), "change");
            }
        }
    }
}

/// <summary>One change of the heroes table as sent to SSE clients.</summary>
internal sealed record HeroChange(Hero? OldVal, Hero? NewVal);
