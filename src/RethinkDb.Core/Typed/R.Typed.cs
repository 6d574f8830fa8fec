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

    /// <summary>
    /// A list of the client whose elements are objects (POCOs, strings...) as a typed sequence (<c>r.expr</c>): sent
    /// exactly as <see cref="Expr(object?)"/> sends it, and queried with lambdas over <typeparamref name="T"/>.
    /// </summary>
    /// <remarks>
    /// <para>Only a <see cref="List{T}"/> of reference types binds here, so that every other argument keeps the
    /// overload it had: numbers, strings, arrays (of anything: <c>new[] { 1, 2 }</c>, <c>new object[] { ... }</c>,
    /// arrays of expressions), dictionaries, anonymous objects and JSON values still bind to
    /// <see cref="Expr(object?)"/> or the primitive overloads and mean what they meant. For any other collection, or
    /// value-type elements, use <see cref="Sequence{T}(IEnumerable{T})"/>.</para>
    /// <para>The result is still an expression: the untyped commands stay available, and lambdas over elements that
    /// are themselves expressions build what they built before.</para>
    /// </remarks>
    /// <example><code>List&lt;Hero&gt; heroes = ...;
    /// List&lt;Hero&gt; veterans = await R.Expr(heroes).Filter(h =&gt; h.Age &gt; 30).RunAsync(connection);</code></example>
    /// <typeparam name="T">The element type, serialized and deserialized with the connection's serializer options.</typeparam>
    /// <exception cref="ReqlDriverCompileError">As <see cref="Expr(object?)"/>.</exception>
    public static ReqlSequence<T> Expr<T>(List<T> items)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(Expr((object)items));
    }

    /// <summary>A collection of the client as a typed sequence (<c>r.expr</c>), whatever its element type (numbers
    /// too): sent as <see cref="Expr(object?)"/> sends it.</summary>
    /// <example><code>R.Sequence(new[] { 1, 2, 3 }).Filter(n =&gt; n &gt; 1)</code></example>
    public static ReqlSequence<T> Sequence<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(Expr((object)items));
    }
}
