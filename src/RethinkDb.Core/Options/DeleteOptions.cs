namespace RethinkDb;

/// <summary>The optional arguments of <c>delete</c>: <c>durability</c>, <c>return_changes</c>, <c>ignore_write_hook</c>.</summary>
public sealed class DeleteOptions : WriteOptions;
