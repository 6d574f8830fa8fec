using RethinkDb.Protocol;

namespace RethinkDb;

// Databases, tables, indexes, cluster administration and permissions.
public abstract partial class ReqlExpr
{
    /// <summary>The table <paramref name="name"/> of this database (<c>db.table</c>); optargs: <c>read_mode</c>,
    /// <c>identifier_format</c>.</summary>
    public ReqlTerm Table(object name) => Chain(TermType.Table, name);

    /// <summary>Creates a table in this database (<c>tableCreate</c>); optargs: <c>primary_key</c>, <c>durability</c>,
    /// <c>shards</c>, <c>replicas</c>, <c>primary_replica_tag</c>.</summary>
    public ReqlTerm TableCreate(object name) => Chain(TermType.TableCreate, name);

    /// <summary>Drops a table of this database (<c>tableDrop</c>).</summary>
    public ReqlTerm TableDrop(object name) => Chain(TermType.TableDrop, name);

    /// <summary>The tables of this database (<c>tableList</c>).</summary>
    public ReqlTerm TableList() => Chain(TermType.TableList);

    /// <summary>The configuration document of a table or database (<c>config</c>).</summary>
    public ReqlTerm Config() => Chain(TermType.Config);

    /// <summary>The status document of a table (<c>status</c>).</summary>
    public ReqlTerm Status() => Chain(TermType.Status);

    /// <summary>Waits until a table or the tables of a database are ready (<c>wait</c>); optargs: <c>wait_for</c>,
    /// <c>timeout</c>.</summary>
    public ReqlTerm Wait() => Chain(TermType.Wait);

    /// <summary>Changes sharding and replication (<c>reconfigure</c>); optargs (at least <c>shards</c> and
    /// <c>replicas</c>): <c>primary_replica_tag</c>, <c>dry_run</c>, <c>emergency_repair</c>.</summary>
    public ReqlTerm Reconfigure() => Chain(TermType.Reconfigure);

    /// <summary>Rebalances the shards of a table or database (<c>rebalance</c>).</summary>
    public ReqlTerm Rebalance() => Chain(TermType.Rebalance);

    /// <summary>Grants or revokes permissions of a user on this database or table (<c>grant</c>).</summary>
    public ReqlTerm Grant(object user, object permissions) => Chain(TermType.Grant, user, permissions);

    /// <summary>Creates a secondary index on the field <paramref name="name"/> (<c>indexCreate</c>); optargs:
    /// <c>multi</c>, <c>geo</c>.</summary>
    public ReqlTerm IndexCreate(object name) => Chain(TermType.IndexCreate, name);

    /// <summary>Creates a secondary index computed by <paramref name="function"/> (<c>indexCreate</c>).</summary>
    public ReqlTerm IndexCreate(object name, Func<ReqlExpr, ReqlExpr> function) =>
        new(TermType.IndexCreate, [this, R.Expr(name), Function(function)]);

    /// <summary>Creates a secondary index from a function given as a value: an expression using
    /// <see cref="R.Row"/>, or the binary function of <c>indexStatus</c> (<c>indexCreate</c>).</summary>
    public ReqlTerm IndexCreate(object name, object function) => new(TermType.IndexCreate, [this, R.Expr(name), Wrapped(function)]);

    /// <summary>Drops a secondary index (<c>indexDrop</c>).</summary>
    public ReqlTerm IndexDrop(object name) => Chain(TermType.IndexDrop, name);

    /// <summary>The names of the secondary indexes (<c>indexList</c>).</summary>
    public ReqlTerm IndexList() => Chain(TermType.IndexList);

    /// <summary>The status of the named secondary indexes, or of all (<c>indexStatus</c>).</summary>
    public ReqlTerm IndexStatus(params object?[] names) => ChainMany(TermType.IndexStatus, names);

    /// <summary>Waits until the named secondary indexes, or all, are ready (<c>indexWait</c>).</summary>
    public ReqlTerm IndexWait(params object?[] names) => ChainMany(TermType.IndexWait, names);

    /// <summary>Renames a secondary index (<c>indexRename</c>); optarg: <c>overwrite</c>.</summary>
    public ReqlTerm IndexRename(object oldName, object newName) => Chain(TermType.IndexRename, oldName, newName);

    /// <summary>Sets the table's write hook, <c>(context, oldDoc, newDoc) =&gt; doc</c> (<c>setWriteHook</c>);
    /// null removes the hook.</summary>
    public ReqlTerm SetWriteHook(Func<ReqlExpr, ReqlExpr, ReqlExpr, ReqlExpr>? hook) =>
        ChainFunc(TermType.SetWriteHook, PlainFunction(hook));

    /// <summary>Sets the write hook from a value: null removes it, binary data restores one read from
    /// <see cref="GetWriteHook"/> (<c>setWriteHook</c>).</summary>
    public ReqlTerm SetWriteHook(object? hook) => Chain(TermType.SetWriteHook, hook);

    /// <summary>The table's write hook (<c>getWriteHook</c>).</summary>
    public ReqlTerm GetWriteHook() => Chain(TermType.GetWriteHook);
}
