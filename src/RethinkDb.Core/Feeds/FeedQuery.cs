namespace RethinkDb.Feeds;

/// <summary>
/// What a resumable feed needs to know about its query: the <c>changes()</c> term's options, whether the feed can
/// re-send its current values, and the query to reopen it with (asking for those values, marked, when it can).
/// </summary>
internal sealed class FeedQuery
{
    private FeedQuery(ReqlExpr original, ReqlExpr resume, bool canResend, bool userStates, bool userTypes)
    {
        Original = original;
        Resume = resume;
        CanResend = canResend;
        UserAskedStates = userStates;
        UserAskedTypes = userTypes;
    }

    /// <summary>The query as the user wrote it: the first open runs it unchanged.</summary>
    public ReqlExpr Original { get; }

    /// <summary>The query a reopen runs.</summary>
    public ReqlExpr Resume { get; }

    /// <summary>Whether a reopen re-sends the current values (point, <c>orderBy().limit()</c>, <c>include_initial</c>).</summary>
    public bool CanResend { get; }

    public bool UserAskedStates { get; }

    public bool UserAskedTypes { get; }

    /// <summary>Reads a changefeed query.</summary>
    /// <exception cref="ArgumentException">The query has no <c>changes()</c> term on its main chain.</exception>
    public static FeedQuery Of(ReqlExpr query)
    {
        var changes = FindChanges(query)
            ?? throw new ArgumentException("A resumable feed needs a changefeed query: one with changes() on its main chain.", nameof(query));
        var source = changes.Args.Count > 0 ? changes.Args[0] : null;
        var isPoint = source is ReqlTerm { TermType: TermType.Get };
        var isOrderByLimit = source is ReqlTerm { TermType: TermType.Limit, Args: [ReqlTerm { TermType: TermType.OrderBy }, ..] };
        var canResend = isPoint || isOrderByLimit || OptArgIsTrue(changes, "include_initial");
        var userStates = OptArgIsTrue(changes, "include_states");
        var userTypes = OptArgIsTrue(changes, "include_types");
        var resume = query;
        if (canResend)
        {
            // States mark where the re-sent values end; types mark them as initial.
            var reopened = changes.OptArg("include_initial", true).OptArg("include_states", true).OptArg("include_types", true);
            resume = Replace(query, changes, reopened);
        }
        return new FeedQuery(query, resume, canResend, userStates, userTypes);
    }

    /// <summary>The <c>changes()</c> term: the query itself, or below the terms chained after it (first arguments).</summary>
    private static ReqlTerm? FindChanges(ReqlExpr expr)
    {
        while (expr is ReqlTerm term)
        {
            if (term.TermType == TermType.Changes)
            {
                return term;
            }
            if (term.Args.Count == 0)
            {
                return null;
            }
            expr = term.Args[0];
        }
        return null;
    }

    private static ReqlTerm Replace(ReqlExpr expr, ReqlTerm target, ReqlTerm replacement)
    {
        if (ReferenceEquals(expr, target))
        {
            return replacement;
        }
        var term = (ReqlTerm)expr;
        var args = term.Args.ToArray();
        args[0] = Replace(args[0], target, replacement);
        return new ReqlTerm(term.TermType, args, term.OptArgs);
    }

    private static bool OptArgIsTrue(ReqlTerm term, string name) =>
        term.OptArgs.Any(o => o.Key == name && o.Value is ReqlDatum { Value: true });
}
