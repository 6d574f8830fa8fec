namespace RethinkDb;

// The roots of typed queries.
public static partial class R
{
    /// <summary>The table <paramref name="name"/> of the default database, its documents typed <typeparamref name="T"/>
    /// (<c>r.table</c>).</summary>
    /// <example><code>var adults = await R.Table&lt;Hero&gt;("heroes").Filter(h =&gt; h.Age &gt;= 18).RunAsync(connection);</code></example>
    public static ReqlTable<T> Table<T>(string name, TableOptions? options = null)
    {
        var table = Table(name);
        return new(options is null ? table : options.ApplyTo(table));
    }

    /// <summary>A collection of the client as a typed sequence (<c>r.expr</c>): sent as <see cref="Expr(object?)"/> sends it.</summary>
    /// <remarks>Not an overload of <c>Expr</c>: that would change the static type of every existing <c>R.Expr(array)</c>.</remarks>
    /// <example><code>R.Sequence(heroes).Filter(h =&gt; h.Age &gt; 30)</code></example>
    public static ReqlSequence<T> Sequence<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(Expr((object)items));
    }
}
