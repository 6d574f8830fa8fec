using System.Text.Json;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <content>
/// The term table: which evaluator answers each term type. Each family of terms lives in its own file
/// (<c>QueryRun.&lt;Family&gt;.cs</c>) and adds its terms here; <see cref="TermCompiler"/> holds their argument specs.
/// </content>
internal sealed partial class QueryRun
{
    private delegate Value TermEvaluator(QueryRun run, Args args);

    private static readonly Dictionary<TermType, TermEvaluator> Evaluators = BuildTermTable();

    /// <summary>Terms that take grouped data whole instead of once per group (<c>can_be_grouped</c> false, or not an op).</summary>
    private static readonly HashSet<TermType> SeesGroupsWhole =
    [
        TermType.MakeObj, TermType.Var, TermType.ImplicitVar, TermType.Func, TermType.Error, TermType.Default,
        TermType.Ungroup, TermType.TypeOf, TermType.Info, TermType.Literal,
    ];

    private static Dictionary<TermType, TermEvaluator> BuildTermTable()
    {
        var table = new Dictionary<TermType, TermEvaluator>
        {
            [TermType.MakeArray] = (r, a) => r.MakeArray(a),
            [TermType.MakeObj] = (r, a) => r.MakeObject(a),
            [TermType.Var] = (r, a) => r.Variable(a),
            [TermType.ImplicitVar] = (r, _) => r.Made(r._implicit),
            [TermType.Func] = (r, a) => r.MakeFunction(a.RawArgs),
            [TermType.Db] = (r, a) => new DbValue(r.FindDb(r.AsString(a[0]), a[0].Origin)),
            [TermType.Table] = (r, a) => r.Table(a),
            [TermType.DbCreate] = (r, a) => r.DbCreate(a),
            [TermType.DbDrop] = (r, a) => r.DbDrop(a),
            [TermType.DbList] = (r, _) => r.DbList(),
            [TermType.TableCreate] = (r, a) => r.TableCreate(a),
            [TermType.TableDrop] = (r, a) => r.TableDrop(a),
            [TermType.TableList] = (r, a) => r.TableList(a),
            [TermType.Get] = (r, a) => r.Get(a),
            [TermType.GetAll] = (r, a) => r.GetAll(a),
            [TermType.Insert] = (r, a) => r.Insert(a),
            [TermType.Update] = (r, a) => r.Update(a),
            [TermType.Replace] = (r, a) => r.Replace(a),
            [TermType.Delete] = (r, a) => r.Delete(a),
            [TermType.Filter] = (r, a) => r.Filter(a),
            [TermType.GetField] = (r, a) => r.GetField(a, bracket: false),
            [TermType.Bracket] = (r, a) => r.GetField(a, bracket: true),
            [TermType.Not] = (r, a) => r.Made(JsonValue.Create(!Datum.IsTruthy(r.AsDatum(a[0])))),
            [TermType.And] = (r, a) => r.And(a),
            [TermType.Or] = (r, a) => r.Or(a),
            [TermType.Branch] = (r, a) => r.Branch(a),
            [TermType.OrderBy] = (r, a) => r.OrderBy(a),
            // Placed where the term walker allows them (checked before the query runs), asc and desc are their argument.
            [TermType.Asc] = (_, a) => a[0],
            [TermType.Desc] = (_, a) => a[0],
            [TermType.Limit] = (r, a) => r.Limit(a),
            [TermType.Skip] = (r, a) => r.Skip(a),
            [TermType.Count] = (r, a) => r.Count(a),
            [TermType.Group] = (r, a) => r.Group(a),
            [TermType.Ungroup] = (r, a) => r.Ungroup(a),
            [TermType.Changes] = (r, a) => r.Changes(a),
        };
        foreach (var type in new[] { TermType.Eq, TermType.Ne, TermType.Lt, TermType.Le, TermType.Gt, TermType.Ge })
        {
            table[type] = (r, a) => r.Compare(type, a);
        }
        foreach (var type in new[] { TermType.Add, TermType.Sub, TermType.Mul, TermType.Div })
        {
            table[type] = (r, a) => r.Arithmetic(type, a);
        }
        AddControlTerms(table);
        AddMathTerms(table);
        AddTransformTerms(table);
        AddUnionTerms(table);
        AddAggregateTerms(table);
        AddArrayTerms(table);
        AddObjectTerms(table);
        AddStringTerms(table);
        AddJoinTerms(table);
        AddIndexTerms(table);
        AddTimeTerms(table);
        AddClusterTerms(table);
        AddGeoTerms(table);
        AddPermissionTerms(table);
        AddReconfigureTerms(table);
        AddWriteHookTerms(table);
        return table;
    }

    private DatumValue Variable(Args args)
    {
        var number = args.RawArgs[0].GetInt32();
        return Made(_variables[number]);
    }
}
