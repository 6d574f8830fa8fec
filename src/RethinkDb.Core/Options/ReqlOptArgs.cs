namespace RethinkDb;

/// <summary>
/// The typed optional arguments of a command: set the properties you need, leave the others null (unset optargs
/// are not sent, so the server's defaults apply). Pass the object to the command's overload that takes it:
/// <c>R.Table("heroes").Insert(hero, new InsertOptions { Conflict = Conflict.Update, ReturnChanges = true })</c>.
/// </summary>
/// <remarks>
/// The wire JSON is the same as with <see cref="ReqlTerm.OptArg(string, object?)"/>, which stays available for
/// optional arguments these classes do not model.
/// </remarks>
public abstract class ReqlOptArgs
{
    /// <summary>Adds the optional arguments that are set to <paramref name="term"/>.</summary>
    internal ReqlTerm ApplyTo(ReqlTerm term)
    {
        var collector = new OptArgCollector(term);
        Collect(collector);
        return collector.Term;
    }

    /// <summary>Adds every property to <paramref name="into"/> (the collector skips the unset ones).</summary>
    private protected abstract void Collect(OptArgCollector into);
}
