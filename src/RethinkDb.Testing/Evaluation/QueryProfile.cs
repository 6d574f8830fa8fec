using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The profile of a query run with the global optarg <c>profile: true</c>, in the real server's shape
/// (<c>profile::trace_t::as_datum</c>): an array of tasks <c>{description: "Evaluating add.", "duration(ms)": 0.05,
/// sub_tasks: [...]}</c>, one per term evaluated, nested as the terms are. The durations are the test server's own.
/// </summary>
internal sealed class QueryProfile
{
    private readonly Stack<Task> _open = new();
    private readonly List<Task> _roots = [];

    /// <summary>Starts the task of a term; <see cref="End"/> closes it.</summary>
    public void Begin(TermType type) => Open($"Evaluating {Name(type)}.");

    /// <summary>A literal argument: the server evaluates it as a <c>datum</c> term.</summary>
    public void Datum()
    {
        Open("Evaluating datum.");
        End();
    }

    public void End()
    {
        var task = _open.Pop();
        task.Elapsed = Stopwatch.GetElapsedTime(task.Started);
    }

    public JsonArray ToJson() => Tasks(_roots);

    private void Open(string description)
    {
        var task = new Task(description, Stopwatch.GetTimestamp());
        (_open.Count > 0 ? _open.Peek().Children : _roots).Add(task);
        _open.Push(task);
    }

    private static JsonArray Tasks(List<Task> tasks)
    {
        var array = new JsonArray();
        foreach (var task in tasks)
        {
            array.Add((JsonNode)new JsonObject
            {
                ["description"] = task.Description,
                ["duration(ms)"] = task.Elapsed.TotalMilliseconds,
                ["sub_tasks"] = Tasks(task.Children),
            });
        }
        return array;
    }

    /// <summary>The term's name as the server's <c>term_t::name()</c> gives it: snake case, arithmetic in capitals.</summary>
    private static string Name(TermType type)
    {
        if (type is TermType.Add or TermType.Sub or TermType.Mul or TermType.Div)
        {
            return type.ToString().ToUpperInvariant();
        }
        var name = type.ToString();
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                snake.Append('_');
            }
            snake.Append(char.ToLowerInvariant(name[i]));
        }
        return snake.ToString();
    }

    private sealed class Task(string description, long started)
    {
        public string Description { get; } = description;

        public long Started { get; } = started;

        public TimeSpan Elapsed { get; set; }

        public List<Task> Children { get; } = [];
    }
}
