using System.Text.Json;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The checks the server makes before running a query (<c>compile_term</c>): known term, number of arguments,
/// optional arguments, variables in scope. Failures answer COMPILE_ERROR, as on the real server. Terms outside the
/// test server's subset answer COMPILE_ERROR saying so.
/// </summary>
internal static partial class TermCompiler
{
    private const int Many = -1;

    private static readonly string[] WriteOptArgs = ["durability", "return_changes", "ignore_write_hook"];

    /// <summary>Arguments (min, max) and optional arguments of every supported term, as the server's argspecs.</summary>
    private static readonly Dictionary<TermType, (int Min, int Max, string[] OptArgs)> Specs = new()
    {
        [TermType.Datum] = (0, Many, []),
        [TermType.MakeArray] = (0, Many, []),
        [TermType.MakeObj] = (0, 0, []),
        [TermType.Var] = (1, 1, []),
        [TermType.ImplicitVar] = (0, 0, []),
        [TermType.Func] = (2, 2, []),
        [TermType.Error] = (0, 1, []),
        [TermType.Db] = (1, 1, []),
        [TermType.Table] = (1, 2, ["read_mode", "identifier_format"]),
        [TermType.DbCreate] = (1, 1, []),
        [TermType.DbDrop] = (1, 1, []),
        [TermType.DbList] = (0, 0, []),
        [TermType.TableCreate] = (1, 2, ["primary_key", "shards", "replicas", "nonvoting_replica_tags", "primary_replica_tag", "durability"]),
        [TermType.TableDrop] = (1, 2, []),
        [TermType.TableList] = (0, 1, []),
        [TermType.Get] = (2, 2, []),
        [TermType.GetAll] = (1, Many, ["index"]),
        [TermType.Insert] = (2, 2, ["conflict", .. WriteOptArgs]),
        [TermType.Update] = (2, 2, ["non_atomic", .. WriteOptArgs]),
        [TermType.Replace] = (2, 2, ["non_atomic", .. WriteOptArgs]),
        [TermType.Delete] = (1, 1, WriteOptArgs),
        [TermType.Filter] = (2, 2, ["default"]),
        [TermType.GetField] = (2, 2, []),
        [TermType.Bracket] = (2, 2, []),
        [TermType.Eq] = (2, Many, []),
        [TermType.Ne] = (2, Many, []),
        [TermType.Lt] = (2, Many, []),
        [TermType.Le] = (2, Many, []),
        [TermType.Gt] = (2, Many, []),
        [TermType.Ge] = (2, Many, []),
        [TermType.Not] = (1, 1, []),
        [TermType.Branch] = (3, Many, []),
        [TermType.And] = (0, Many, []),
        [TermType.Or] = (0, Many, []),
        [TermType.Add] = (1, Many, []),
        [TermType.Sub] = (1, Many, []),
        [TermType.Mul] = (1, Many, []),
        [TermType.Div] = (1, Many, []),
        [TermType.Mod] = (2, 2, []),
        [TermType.Pluck] = (1, Many, []),
        [TermType.Without] = (1, Many, []),
        [TermType.Merge] = (1, Many, []),
        [TermType.OrderBy] = (1, Many, ["index"]),
        [TermType.Asc] = (1, 1, []),
        [TermType.Desc] = (1, 1, []),
        [TermType.Limit] = (2, 2, []),
        [TermType.Skip] = (2, 2, []),
        [TermType.Count] = (1, 2, []),
        [TermType.Group] = (1, Many, ["index", "multi"]),
        [TermType.Ungroup] = (1, 1, []),
        [TermType.Funcall] = (1, Many, []),
        [TermType.Default] = (2, 2, []),
        [TermType.CoerceTo] = (2, 2, []),
        [TermType.TypeOf] = (1, 1, []),
        [TermType.Info] = (1, 1, []),
        [TermType.Json] = (1, 1, []),
        [TermType.ToJsonString] = (1, 1, []),
        [TermType.Args] = (1, 1, []),
        [TermType.Javascript] = (1, 1, ["timeout"]),
        [TermType.Http] = (1, 1, ["timeout", "attempts", "redirects", "verify", "result_format", "method", "auth", "params", "header", "data", "page", "page_limit"]),
        [TermType.Floor] = (1, 1, []),
        [TermType.Ceil] = (1, 1, []),
        [TermType.Round] = (1, 1, []),
        [TermType.BitAnd] = (1, Many, []),
        [TermType.BitOr] = (1, Many, []),
        [TermType.BitXor] = (1, Many, []),
        [TermType.BitNot] = (1, 1, []),
        [TermType.BitSal] = (2, 2, []),
        [TermType.BitSar] = (2, 2, []),
        [TermType.Random] = (0, 2, ["float"]),
        [TermType.Uuid] = (0, 1, []),
        [TermType.Range] = (0, 2, []),
        [TermType.Map] = (2, Many, []),
        [TermType.ConcatMap] = (2, 2, []),
        [TermType.Slice] = (2, 3, ["left_bound", "right_bound"]),
        [TermType.Nth] = (2, 2, []),
        [TermType.IsEmpty] = (1, 1, []),
        [TermType.Union] = (0, Many, ["interleave"]),
        [TermType.Distinct] = (1, 1, ["index"]),
        [TermType.Contains] = (1, Many, []),
        [TermType.OffsetsOf] = (2, 2, []),
        [TermType.Sample] = (2, 2, []),
        [TermType.Between] = (3, 3, ["index", "left_bound", "right_bound"]),
        [TermType.BetweenDeprecated] = (3, 3, ["index", "left_bound", "right_bound"]),
        [TermType.Sum] = (1, 2, []),
        [TermType.Avg] = (1, 2, []),
        [TermType.Min] = (1, 2, ["index"]),
        [TermType.Max] = (1, 2, ["index"]),
        [TermType.Reduce] = (2, 2, ["base"]),
        [TermType.Fold] = (3, 3, ["emit", "final_emit"]),
        [TermType.ForEach] = (2, 2, []),
        [TermType.Append] = (2, 2, []),
        [TermType.Prepend] = (2, 2, []),
        [TermType.Difference] = (2, 2, []),
        [TermType.SetInsert] = (2, 2, []),
        [TermType.SetUnion] = (2, 2, []),
        [TermType.SetIntersection] = (2, 2, []),
        [TermType.SetDifference] = (2, 2, []),
        [TermType.InsertAt] = (3, 3, []),
        [TermType.SpliceAt] = (3, 3, []),
        [TermType.ChangeAt] = (3, 3, []),
        [TermType.DeleteAt] = (2, 3, []),
        [TermType.HasFields] = (1, Many, []),
        [TermType.WithFields] = (1, Many, []),
        [TermType.Literal] = (0, 1, []),
        [TermType.Keys] = (1, 1, []),
        [TermType.Values] = (1, 1, []),
        [TermType.Object] = (0, Many, []),
        [TermType.Split] = (1, 3, []),
        [TermType.Upcase] = (1, 1, []),
        [TermType.Downcase] = (1, 1, []),
        [TermType.Match] = (2, 2, []),
        [TermType.EqJoin] = (3, 3, ["index", "ordered"]),
        [TermType.InnerJoin] = (3, 3, []),
        [TermType.OuterJoin] = (3, 3, []),
        [TermType.Zip] = (1, 1, []),
        [TermType.Minval] = (0, 0, []),
        [TermType.Maxval] = (0, 0, []),
        [TermType.IndexCreate] = (2, 3, ["multi", "geo"]),
        [TermType.IndexDrop] = (2, 2, []),
        [TermType.IndexList] = (1, 1, []),
        [TermType.IndexRename] = (3, 3, ["overwrite"]),
        [TermType.IndexStatus] = (1, Many, []),
        [TermType.IndexWait] = (1, Many, []),
        [TermType.Monday] = (0, 0, []),
        [TermType.Tuesday] = (0, 0, []),
        [TermType.Wednesday] = (0, 0, []),
        [TermType.Thursday] = (0, 0, []),
        [TermType.Friday] = (0, 0, []),
        [TermType.Saturday] = (0, 0, []),
        [TermType.Sunday] = (0, 0, []),
        [TermType.January] = (0, 0, []),
        [TermType.February] = (0, 0, []),
        [TermType.March] = (0, 0, []),
        [TermType.April] = (0, 0, []),
        [TermType.May] = (0, 0, []),
        [TermType.June] = (0, 0, []),
        [TermType.July] = (0, 0, []),
        [TermType.August] = (0, 0, []),
        [TermType.September] = (0, 0, []),
        [TermType.October] = (0, 0, []),
        [TermType.November] = (0, 0, []),
        [TermType.December] = (0, 0, []),
        [TermType.ToIso8601] = (1, 1, []),
        [TermType.EpochTime] = (1, 1, []),
        [TermType.ToEpochTime] = (1, 1, []),
        [TermType.Timezone] = (1, 1, []),
        [TermType.Date] = (1, 1, []),
        [TermType.TimeOfDay] = (1, 1, []),
        [TermType.Year] = (1, 1, []),
        [TermType.Month] = (1, 1, []),
        [TermType.Day] = (1, 1, []),
        [TermType.DayOfWeek] = (1, 1, []),
        [TermType.DayOfYear] = (1, 1, []),
        [TermType.Hours] = (1, 1, []),
        [TermType.Minutes] = (1, 1, []),
        [TermType.Seconds] = (1, 1, []),
        [TermType.Now] = (0, 0, []),
        [TermType.Time] = (4, 7, []),
        [TermType.Iso8601] = (1, 1, ["default_timezone"]),
        [TermType.InTimezone] = (2, 2, []),
        [TermType.During] = (3, 3, ["left_bound", "right_bound"]),
        [TermType.Config] = (1, 1, []),
        [TermType.Status] = (1, 1, []),
        [TermType.Wait] = (0, 1, ["wait_for", "timeout"]),
        [TermType.Sync] = (1, 1, []),
        [TermType.Grant] = (2, 3, []),
        [TermType.Reconfigure] = (0, 1, ["dry_run", "emergency_repair", "nonvoting_replica_tags", "primary_replica_tag", "replicas", "shards"]),
        [TermType.Rebalance] = (0, 1, []),
        [TermType.SetWriteHook] = (2, 2, []),
        [TermType.GetWriteHook] = (1, 1, []),
        [TermType.Binary] = (1, 1, []),
        [TermType.Point] = (2, 2, []),
        [TermType.Line] = (2, Many, []),
        [TermType.Polygon] = (3, Many, []),
        [TermType.Circle] = (2, 2, ["geo_system", "unit", "fill", "num_vertices"]),
        [TermType.Geojson] = (1, 1, []),
        [TermType.ToGeojson] = (1, 1, []),
        [TermType.Distance] = (2, 2, ["geo_system", "unit"]),
        [TermType.Intersects] = (2, 2, []),
        [TermType.Includes] = (2, 2, []),
        [TermType.Fill] = (1, 1, []),
        [TermType.PolygonSub] = (2, 2, []),
        [TermType.GetIntersecting] = (2, 2, ["index"]),
        [TermType.GetNearest] = (2, 2, ["index", "max_results", "max_dist", "geo_system", "unit"]),
        [TermType.Changes] = (1, 1, ["squash", "changefeed_queue_size", "include_initial", "include_states", "include_offsets", "include_types"]),
    };

    public static bool IsSupported(TermType type) => Specs.ContainsKey(type);

    /// <summary>Throws a COMPILE_ERROR <see cref="QueryFailure"/> for the first problem found.</summary>
    /// <remarks>As the server: its term walker checks the placement of terms over the whole query first, then the
    /// compiler checks each term (so a misplaced <c>desc</c> is reported before any argument count).</remarks>
    public static void Check(JsonElement term)
    {
        CheckPlacement(term);
        CheckArguments(term);
    }

    /// <summary>The server's compiler alone: arguments, optional arguments and variables, after <see cref="CheckPlacement(JsonElement)"/>.</summary>
    public static void CheckArguments(JsonElement term) => Check(term, [], [], implicitDepth: 0);

    private static void Check(JsonElement term, List<object> path, HashSet<int> variables, int implicitDepth)
    {
        Nesting.EnsureStack();
        if (term.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in term.EnumerateObject())
            {
                path.Add(property.Name);
                Check(property.Value, path, variables, implicitDepth);
                path.RemoveAt(path.Count - 1);
            }
            return;
        }
        if (term.ValueKind != JsonValueKind.Array)
        {
            return;
        }
        var type = (TermType)term[0].GetInt32(); // shape and type: CheckPlacement, which runs first, checked them
        if (!Specs.TryGetValue(type, out var spec))
        {
            throw new QueryFailure(ResponseType.CompileError, ErrorType.None,
                $"The test server does not support the term {type} ({(int)type}).") { Backtrace = [.. path] };
        }
        var (args, optArgs) = PartsOf(term);
        if (type == TermType.Datum)
        {
            return;
        }
        var count = args.ValueKind == JsonValueKind.Array ? args.GetArrayLength() : 0;
        void CheckCount()
        {
            // With r.args among the arguments, their number is known only when the query runs.
            if (!HasSplicedArgs(args) && (count < spec.Min || (spec.Max >= 0 && count > spec.Max)))
            {
                throw Fail(path, $"Expected {Describe(spec.Min, spec.Max)} but found {count}.");
            }
        }
        switch (type)
        {
            case TermType.Var or TermType.ImplicitVar or TermType.Func:
                CheckCount();
                break;
        }
        switch (type)
        {
            case TermType.Var:
                if (args[0].ValueKind != JsonValueKind.Number || !variables.Contains(args[0].GetInt32()))
                {
                    throw Fail(path, "Variable name not found.");
                }
                return;
            case TermType.ImplicitVar:
                if (implicitDepth != 1)
                {
                    throw Fail(path, implicitDepth == 0
                        ? "r.row is not defined in this context."
                        : "Cannot use r.row in nested queries.  Use functions instead.");
                }
                return;
            case TermType.Func:
                var parameters = FunctionParameters(args[0]) ?? throw Fail(path, "Expected a MAKE_ARRAY of variable numbers as the parameters of a FUNC.");
                var inner = new HashSet<int>(variables);
                inner.UnionWith(parameters);
                path.Add(1);
                // As var_visibility_t: a one-argument function makes r.row visible one level deeper.
                Check(args[1], path, inner, parameters.Length == 1 ? implicitDepth + 1 : implicitDepth);
                path.RemoveAt(path.Count - 1);
                return;
        }
        // As op_term_t: the arguments are compiled first (their errors come first), then their number is checked, then
        // each optional argument's name, before it is compiled.
        for (var i = 0; i < count; i++)
        {
            path.Add(i);
            Check(args[i], path, variables, implicitDepth);
            path.RemoveAt(path.Count - 1);
        }
        CheckCount();
        if (optArgs.ValueKind == JsonValueKind.Object)
        {
            foreach (var optArg in optArgs.EnumerateObject())
            {
                path.Add(optArg.Name);
                if (type != TermType.MakeObj && Array.IndexOf(spec.OptArgs, optArg.Name) < 0)
                {
                    throw Fail(path, $"Unrecognized optional argument `{optArg.Name}`.");
                }
                Check(optArg.Value, path, variables, implicitDepth);
                path.RemoveAt(path.Count - 1);
            }
        }
    }

    /// <summary>True when an argument is <c>r.args(...)</c>, to be spliced in when the query runs.</summary>
    public static bool HasSplicedArgs(JsonElement args)
    {
        if (args.ValueKind != JsonValueKind.Array)
        {
            return false;
        }
        foreach (var arg in args.EnumerateArray())
        {
            if (IsArgsTerm(arg))
            {
                return true;
            }
        }
        return false;
    }

    public static bool IsArgsTerm(JsonElement term) =>
        term.ValueKind == JsonValueKind.Array && term.GetArrayLength() > 1 && term[0].ValueKind == JsonValueKind.Number &&
        term[0].GetInt32() == (int)TermType.Args;

    /// <summary>The argument count check, at run time (after <c>r.args</c> was spliced in).</summary>
    public static void CheckArity(TermType type, int count, Func<string, Exception> fail)
    {
        var spec = Specs[type];
        if (count < spec.Min || (spec.Max >= 0 && count > spec.Max))
        {
            throw fail($"Expected {Describe(spec.Min, spec.Max)} but found {count}.");
        }
    }

    /// <summary>The parameter numbers of a FUNC: <c>[2, [1, 2]]</c>.</summary>
    public static int[]? FunctionParameters(JsonElement parameters)
    {
        if (parameters.ValueKind != JsonValueKind.Array || parameters.GetArrayLength() < 1 ||
            parameters[0].ValueKind != JsonValueKind.Number || parameters[0].GetInt32() != (int)TermType.MakeArray)
        {
            return null;
        }
        if (parameters.GetArrayLength() < 2)
        {
            return [];
        }
        var list = new List<int>();
        foreach (var item in parameters[1].EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
            {
                return null;
            }
            list.Add(item.GetInt32());
        }
        return [.. list];
    }

    private static string Describe(int min, int max) => min == max
        ? $"{min} argument{(min == 1 ? "" : "s")}"
        : max < 0 ? $"{min} or more arguments" : $"between {min} and {max} arguments";

    private static QueryFailure Fail(List<object> path, string message) =>
        new(ResponseType.CompileError, ErrorType.QueryLogic, message) { Backtrace = [.. path] };
}
