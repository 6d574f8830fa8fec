using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RethinkDb.Protocol;

/// <summary>
/// The driver's limits on what it sends and prints, and the checks that enforce them (documented in the README's
/// "Limits and failures").
/// </summary>
/// <remarks>
/// <para>Nesting: the server itself has no fixed limit (its JSON parser and term compiler grow their coroutine stacks
/// as they go, <c>call_with_enough_stack</c> in rapidjson/reader.h and rdb_protocol/op.cc), and the official
/// JavaScript driver sends a chain of 1,000 terms. What bounds depth is this process's stack: the encoder and the
/// printer recurse once per level. So the encoder refuses a query deeper than <see cref="MaxJsonDepth"/> JSON levels
/// (every term is an array holding its argument array: two levels a term, about 2,000 chained terms), with a
/// <see cref="ReqlDriverCompileError"/> instead of a stack overflow, and the printer writes <c>...</c> for what is
/// deeper than <see cref="MaxPrintedDepth"/>. Both also stop early on a thread whose stack is nearly used up.</para>
/// <para>Size: the server answers a query of 128 MiB or more with a CLIENT_ERROR and closes the connection
/// (client_protocol/protocols.cc, <c>TOO_LARGE_QUERY_SIZE</c>), failing every other query on it; the driver refuses
/// such a query before sending anything, so the connection stays usable.</para>
/// </remarks>
internal static class QueryLimits
{
    /// <summary>The deepest JSON nesting of a query body the driver writes.</summary>
    public const int MaxJsonDepth = 4096;

    /// <summary>The term depth up to which queries are printed (error messages, ToString); deeper parts are <c>...</c>.</summary>
    public const int MaxPrintedDepth = 1024;

    /// <summary>The largest query body the driver sends: one byte under the server's 128 MiB limit.</summary>
    public const int MaxQueryBytes = 128 * 1024 * 1024 - 1;

    /// <summary>The message of the error for a query deeper than <see cref="MaxJsonDepth"/>.</summary>
    public static ReqlDriverCompileError TooDeep() => new(
        $"The query nests too deeply: the driver sends at most {MaxJsonDepth} levels of JSON (a term takes two, so " +
        $"about {MaxJsonDepth / 2} terms inside one another). Build a long chain as one term with many arguments " +
        "(a.Add(b, c, d), R.Or(a, b, c)) instead of a.Add(b).Add(c)...");

    /// <summary>Called before a term or object is written: refuses to go deeper than the limit or the stack allows.</summary>
    /// <exception cref="ReqlDriverCompileError">The query nests too deeply.</exception>
    public static void EnsureCanNest(Utf8JsonWriter writer)
    {
        if (writer.CurrentDepth >= MaxJsonDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw TooDeep();
        }
    }

    /// <summary>The error for a query body over <see cref="MaxQueryBytes"/>; nothing of it was sent.</summary>
    public static ReqlDriverError TooLarge(long bytes, Exception? cause = null) => new(
        $"The query is too large to send: its body is {bytes} bytes or more, and the driver sends at most " +
        $"{MaxQueryBytes} bytes (the server refuses a query of 128 MiB or more and closes the connection). " +
        "Nothing was sent; the connection is still usable. Insert large data in several smaller queries.", cause);
}
