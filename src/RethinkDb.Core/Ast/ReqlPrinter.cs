using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb;

/// <summary>
/// Prints a query in ReQL form, as the official drivers do in error messages
/// (<c>r.table("heroes").filter(function(var_1) { return var_1("age").gt(30); })</c>), and marks the part a server
/// backtrace points at with a line of carets.
/// </summary>
/// <remarks>
/// The form follows the JavaScript driver: commands on values are chained methods, commands that start a query are
/// <c>r.name(...)</c>, fields are read with <c>value("field")</c>, functions are <c>function(var_N) { return ...; }</c>,
/// optional arguments are a last object argument with their wire names. A plain value in receiver position is written
/// <c>r.expr(value)</c>. Parts nested deeper than <see cref="QueryLimits.MaxPrintedDepth"/> terms (or than the
/// stack allows) are printed as <c>...</c>.
/// </remarks>
internal static class ReqlPrinter
{
    /// <summary>
    /// Prints <paramref name="query"/>; with a backtrace (a JSON array of frames: a number is the index of a
    /// positional argument, a string the name of an optional argument, from the root term down), also a line with
    /// <c>^</c> under the failing sub-term.
    /// </summary>
    /// <returns>The query, and the caret line (null when <paramref name="backtraceJson"/> is empty or not a valid
    /// backtrace; an empty backtrace <c>[]</c> marks the whole query).</returns>
    public static (string Query, string? Carets) Print(ReqlExpr query, ReadOnlySpan<byte> backtraceJson)
    {
        IReadOnlyList<object>? frames;
        try
        {
            frames = ResponseErrors.ParseBacktrace(backtraceJson);
        }
        catch (JsonException)
        {
            frames = null;
        }
        return Print(query, frames);
    }

    /// <summary>As <see cref="Print(ReqlExpr, ReadOnlySpan{byte})"/>, with the backtrace already parsed.</summary>
    /// <remarks>Only argument indexes and optarg names locate a sub-term; any other frame means no caret line.</remarks>
    public static (string Query, string? Carets) Print(ReqlExpr query, IReadOnlyList<object>? backtrace)
    {
        ArgumentNullException.ThrowIfNull(query);
        var frames = backtrace is not null && backtrace.All(f => f is int or string) ? backtrace.ToArray() : null;
        var printer = new Printer(frames);
        printer.Write(query, depth: 0, onPath: frames is not null);
        var text = printer.Builder.ToString();
        if (frames is null || printer.MarkStart < 0)
        {
            return (text, null);
        }
        var carets = new string(' ', printer.MarkStart) + new string('^', Math.Max(1, printer.MarkEnd - printer.MarkStart));
        return (text, carets);
    }

    private sealed class Printer(object[]? frames)
    {
        public StringBuilder Builder { get; } = new();

        public int MarkStart { get; private set; } = -1;

        public int MarkEnd { get; private set; } = -1;

        /// <summary>Writes <paramref name="node"/>; when it is on the backtrace's path at its end, records where it is.</summary>
        public void Write(ReqlExpr node, int depth, bool onPath)
        {
            var isTarget = onPath && frames is not null && depth == frames.Length;
            var start = Builder.Length;
            if (depth >= QueryLimits.MaxPrintedDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                // Printing recurses once per level. A query nested deeper than anyone reads (a chain of thousands of
                // terms) is cut short rather than overflowing the stack, which would kill the process.
                Builder.Append("...");
                if (isTarget || onPath)
                {
                    MarkStart = start;
                    MarkEnd = Builder.Length;
                }
                return;
            }
            switch (node)
            {
                case ReqlTerm term:
                    WriteTerm(term, depth, onPath && !isTarget);
                    break;
                case ReqlObject obj:
                    WriteObject(obj.Fields, depth, onPath && !isTarget);
                    break;
                case ReqlDatum datum:
                    WriteDatum(datum);
                    break;
                case ReqlTypedExpr typed:
                    Write(typed.Term, depth, onPath);
                    return;
                case ReqlEncodedFunction encoded:
                    Write(encoded.Terms, depth, onPath);
                    return;
                case ReqlMemberName name:
                    AppendString(Builder, name.DisplayName);
                    break;
                case ReqlMemberObject memberObject:
                    WriteObject(memberObject.DisplayFields, depth, onPath && !isTarget);
                    break;
                default:
                    Builder.Append(node.GetType().Name);
                    break;
            }
            if (isTarget)
            {
                MarkStart = start;
                MarkEnd = Builder.Length;
            }
        }

        /// <summary>Whether the child at <paramref name="frame"/> (an index or an optarg name) continues the path.</summary>
        private bool Follows(bool onPath, int depth, object frame) =>
            onPath && frames is not null && depth < frames.Length && frames[depth].Equals(frame);

        private void Arg(ReqlTerm term, int index, int depth, bool onPath) =>
            Write(term.Args[index], depth + 1, Follows(onPath, depth, index));

        private void WriteTerm(ReqlTerm term, int depth, bool onPath)
        {
            var type = term.TermType;
            var args = term.Args;
            switch (type)
            {
                case TermType.MakeArray:
                    Builder.Append('[');
                    WriteArgs(term, 0, depth, onPath, withOptArgs: false);
                    Builder.Append(']');
                    return;
                case TermType.Var when args is [ReqlDatum id]:
                    Builder.Append("var_").Append(FormatNumber(id.Value));
                    return;
                case TermType.ImplicitVar:
                    Builder.Append("r.row");
                    return;
                case TermType.Func when args is [ReqlTerm { TermType: TermType.MakeArray } parameters, var body]:
                    if (body.HasImplicitVar)
                    {
                        // A function the driver made around r.row: printed as the expression the caller wrote.
                        Arg(term, 1, depth, onPath);
                        return;
                    }
                    Builder.Append("function(");
                    for (var i = 0; i < parameters.Args.Count; i++)
                    {
                        Builder.Append(i == 0 ? "var_" : ", var_").Append(FormatNumber((parameters.Args[i] as ReqlDatum)?.Value));
                    }
                    Builder.Append(") { return ");
                    Arg(term, 1, depth, onPath);
                    Builder.Append("; }");
                    return;
                case TermType.Bracket when args.Count == 2:
                    WriteReceiver(term, depth, onPath);
                    Builder.Append('(');
                    Arg(term, 1, depth, onPath);
                    Builder.Append(')');
                    return;
                case TermType.Funcall when args.Count == 2:
                    WriteReceiver(term, depth, onPath, index: 1);
                    Builder.Append(".do(");
                    Arg(term, 0, depth, onPath);
                    Builder.Append(')');
                    return;
                case TermType.Funcall when args.Count > 0:
                    Builder.Append("r.do(");
                    for (var i = 1; i < args.Count; i++)
                    {
                        Arg(term, i, depth, onPath);
                        Builder.Append(", ");
                    }
                    Arg(term, 0, depth, onPath);
                    Builder.Append(')');
                    return;
            }
            var name = TermInfo.Name(type);
            var style = TermInfo.Style(type);
            if (style == PrintStyle.Constant && args.Count == 0 && term.OptArgs.Count == 0)
            {
                Builder.Append("r.").Append(name);
                return;
            }
            var chained = style switch
            {
                PrintStyle.Method or PrintStyle.Special => args.Count > 0,
                PrintStyle.DbOptional => args.Count > 0 && args[0] is ReqlTerm { TermType: TermType.Db },
                _ => false,
            };
            if (chained)
            {
                WriteReceiver(term, depth, onPath);
                Builder.Append('.').Append(name).Append('(');
                WriteArgs(term, 1, depth, onPath, withOptArgs: true);
            }
            else
            {
                Builder.Append("r.").Append(name).Append('(');
                WriteArgs(term, 0, depth, onPath, withOptArgs: true);
            }
            Builder.Append(')');
        }

        private void WriteReceiver(ReqlTerm term, int depth, bool onPath, int index = 0)
        {
            // A plain value cannot take a method in the drivers' languages: it is wrapped as r.expr(value).
            var receiver = term.Args[index];
            var wrap = receiver is ReqlDatum or ReqlObject || receiver.TermType == TermType.MakeArray;
            if (wrap)
            {
                Builder.Append("r.expr(");
            }
            Arg(term, index, depth, onPath);
            if (wrap)
            {
                Builder.Append(')');
            }
        }

        private void WriteArgs(ReqlTerm term, int from, int depth, bool onPath, bool withOptArgs)
        {
            var first = true;
            for (var i = from; i < term.Args.Count; i++)
            {
                if (!first)
                {
                    Builder.Append(", ");
                }
                first = false;
                Arg(term, i, depth, onPath);
            }
            if (withOptArgs && term.OptArgs.Count > 0)
            {
                if (!first)
                {
                    Builder.Append(", ");
                }
                WriteObject(term.OptArgs, depth, onPath);
            }
        }

        private void WriteObject(IReadOnlyList<KeyValuePair<string, ReqlExpr>> fields, int depth, bool onPath)
        {
            Builder.Append('{');
            for (var i = 0; i < fields.Count; i++)
            {
                if (i > 0)
                {
                    Builder.Append(", ");
                }
                var (name, value) = fields[i];
                AppendString(Builder, name);
                Builder.Append(": ");
                if (IsSecretField(name))
                {
                    // Printed queries end up in exception messages and logs: a user's password must not, nor r.http's
                    // auth and header optargs (whatever their value is: an object, a string, a term).
                    Builder.Append("\"***\"");
                    continue;
                }
                Write(value, depth + 1, Follows(onPath, depth, name));
            }
            Builder.Append('}');
        }

        /// <summary>Replaces the values of secret members (<see cref="SecretFields"/>), at any depth, by <c>"***"</c>.</summary>
        private static string RedactSecrets(string json)
        {
            var node = System.Text.Json.Nodes.JsonNode.Parse(json);
            Redact(node);
            return node?.ToJsonString() ?? "null";

            static void Redact(System.Text.Json.Nodes.JsonNode? node)
            {
                switch (node)
                {
                    case System.Text.Json.Nodes.JsonObject obj:
                        foreach (var name in obj.Select(p => p.Key).ToList())
                        {
                            if (IsSecretField(name))
                            {
                                obj[name] = "***";
                            }
                            else
                            {
                                Redact(obj[name]);
                            }
                        }
                        break;
                    case System.Text.Json.Nodes.JsonArray array:
                        foreach (var item in array)
                        {
                            Redact(item);
                        }
                        break;
                }
            }
        }

        private void WriteDatum(ReqlDatum datum)
        {
            switch (datum.Value)
            {
                case null:
                    Builder.Append("null");
                    break;
                case bool b:
                    Builder.Append(b ? "true" : "false");
                    break;
                case long or double:
                    Builder.Append(FormatNumber(datum.Value));
                    break;
                case string s:
                    AppendString(Builder, WithoutUserInfo(s));
                    break;
                case DateTime or DateTimeOffset:
                    var time = datum.Value is DateTimeOffset offset ? offset : new DateTimeOffset(DateTime.SpecifyKind((DateTime)datum.Value, DateTimeKind.Utc));
                    Builder.Append("r.ISO8601(\"").Append(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)).Append("\")");
                    break;
                case byte[]:
                    Builder.Append("r.binary(<data>)");
                    break;
                default:
                    Builder.Append(SerializeForDisplay(datum.Value));
                    break;
            }
        }

        private static bool IsSecretField(string name) => SecretFields.Contains(name);

        /// <summary>
        /// Members whose values are never printed: a user's <c>password</c>, the V0_4 <c>auth_key</c>, and what
        /// <c>r.http</c> takes credentials in (<c>auth</c> with its <c>pass</c>, <c>header</c> with an
        /// <c>Authorization</c> or a token).
        /// </summary>
        private static readonly System.Collections.Frozen.FrozenSet<string> SecretFields =
            System.Collections.Frozen.FrozenSet.ToFrozenSet(
                ["password", "auth_key", "pass", "auth", "header", "authorization", "token", "secret", "api_key"],
                StringComparer.OrdinalIgnoreCase);

        /// <summary>A URL's <c>user:password@</c> (as r.http takes it) printed as <c>***@</c>.</summary>
        private static string WithoutUserInfo(string value)
        {
            var scheme = value.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0 || value.Length > 8192)
            {
                return value;
            }
            var authorityEnd = value.IndexOfAny(['/', '?', '#'], scheme + 3);
            var at = value.LastIndexOf('@', authorityEnd < 0 ? value.Length - 1 : authorityEnd - 1);
            return at > scheme ? string.Concat(value.AsSpan(0, scheme + 3), "***", value.AsSpan(at)) : value;
        }

        private static string SerializeForDisplay(object value)
        {
            try
            {
                var options = RethinkDbJson.DefaultOptions;
                var json = value switch
                {
                    JsonElement element => element.GetRawText(),
                    JsonDocument document => document.RootElement.GetRawText(),
                    _ => JsonSerializer.Serialize(value, options.GetTypeInfo(value.GetType())),
                };
                return SecretFields.Any(name => json.Contains(name, StringComparison.OrdinalIgnoreCase))
                    ? RedactSecrets(json)
                    : json;
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                // Printing is for error messages: a value the default options cannot serialize is named instead.
                return "<" + value.GetType().Name + ">";
            }
        }
    }

    private static string FormatNumber(object? value) => value switch
    {
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => "?",
    };

    private static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        builder.Append('"');
    }
}
