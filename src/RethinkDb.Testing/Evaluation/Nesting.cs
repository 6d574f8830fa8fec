using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// How deeply nested the queries and values are that the test server reads, evaluates and writes.
/// </summary>
/// <remarks>
/// RethinkDB 2.4.4 has no fixed limit: it parsed and answered an ADD chain 100,000 terms deep, returned an object
/// 1,000 levels deep whole, and crashed (a coroutine stack overflow, the whole server) on an object term 5,000 levels
/// deep. The test server parses JSON without recursion, so at any depth (<see cref="Document"/>: System.Text.Json's
/// default of 64 used to answer anything deeper with "Client is buggy"), and recurses once per level where it checks,
/// evaluates, compares and copies: there it stops where this thread's stack runs short (<see cref="EnsureStack"/>) and
/// answers that query with a RESOURCE_LIMIT error instead of ending the process its users' tests run in.
/// </remarks>
internal static class Nesting
{
    /// <summary>For parsing a query or a JSON text (<c>r.json</c>): any depth (the parser does not recurse).</summary>
    public static readonly JsonDocumentOptions Document = new() { MaxDepth = int.MaxValue };

    /// <summary>For reading a query or a JSON text token by token (its strings checked before parsing): any depth.</summary>
    public static readonly JsonReaderOptions Reader = new() { MaxDepth = int.MaxValue };

    /// <summary>For writing answers: as deep as the values evaluation could build.</summary>
    public const int MaxWrittenDepth = int.MaxValue;

    /// <summary>Called before each level of a recursive walk: fails the query when the stack is nearly used up.</summary>
    /// <exception cref="QueryFailure">A RESOURCE_LIMIT runtime error.</exception>
    public static void EnsureStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw QueryFailure.Runtime(ErrorType.ResourceLimit,
                "The test server cannot evaluate a query or value nested this deeply (it ran out of stack); the real " +
                "server has no fixed limit either, and fails past some depth too.");
        }
    }
}
