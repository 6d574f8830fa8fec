namespace WebApi;

/// <summary>Input rules of the heroes endpoints; each failure names its field, as ProblemDetails expects.</summary>
internal static class HeroValidation
{
    public const int MaxPageSize = 100;

    /// <summary>The largest request body the heroes endpoints read (64 KiB: a name, an age and a few powers).</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public static Dictionary<string, string[]> Validate(Hero hero, bool requireName = true)
    {
        var errors = new Dictionary<string, string[]>();
        if (requireName && string.IsNullOrWhiteSpace(hero.Name))
        {
            errors["name"] = ["A hero needs a name."];
        }
        else if (hero.Name is { Length: > 200 })
        {
            errors["name"] = ["A name has at most 200 characters."];
        }
        if (hero.Age is < 0 or > 10_000)
        {
            errors["age"] = ["Age must be between 0 and 10000."];
        }
        if (hero.Id is { } id && (id.Length == 0 || id.Length > 127))
        {
            errors["id"] = ["An id has 1 to 127 characters (RethinkDB's primary key limit)."];
        }
        return errors;
    }

    public static Dictionary<string, string[]> ValidatePage(int skip, int take)
    {
        var errors = new Dictionary<string, string[]>();
        if (skip < 0)
        {
            errors["skip"] = ["skip must be 0 or more."];
        }
        if (take is < 1 or > MaxPageSize)
        {
            errors["take"] = [$"take must be between 1 and {MaxPageSize}."];
        }
        return errors;
    }
}
