namespace RethinkDb;

// The typed root on a database: R.Db("marvel").Table<Hero>("heroes").
public abstract partial class ReqlExpr
{
    /// <summary>The table <paramref name="name"/> of this database, its documents typed <typeparamref name="T"/> (<c>db.table</c>).</summary>
    public ReqlTable<T> Table<T>(string name, TableOptions? options = null)
    {
        var table = Table(name);
        return new(options is null ? table : options.ApplyTo(table));
    }
}
