using System.Text.Json.Nodes;

namespace RethinkDb.Testing.Evaluation.Feeds;

/// <summary>
/// Builds change objects as the server's <c>vals_to_change</c> does: <c>old_val</c>/<c>new_val</c>, the change's
/// <c>type</c> when asked for, and nothing at all when both values are null (a change nobody sees).
/// </summary>
internal static class ChangeShape
{
    /// <summary>A change from <paramref name="oldValue"/> to <paramref name="newValue"/>, or null when both are null.</summary>
    public static JsonObject? Change(JsonNode? oldValue, JsonNode? newValue, bool includeTypes)
    {
        if (oldValue is null && newValue is null)
        {
            return null;
        }
        var change = new JsonObject
        {
            ["new_val"] = Datum.Clone(newValue),
            ["old_val"] = Datum.Clone(oldValue),
        };
        if (includeTypes)
        {
            change["type"] = (oldValue, newValue) switch
            {
                (null, _) => "add",
                (_, null) => "remove",
                _ => "change",
            };
        }
        return change;
    }

    /// <summary>An initial value (<c>include_initial</c>): no <c>old_val</c> (discard_old_val).</summary>
    public static JsonObject Initial(JsonNode? value, bool includeTypes)
    {
        // A point feed's missing document is the one place the server sends {new_val: null}.
        var change = new JsonObject { ["new_val"] = Datum.Clone(value) };
        if (includeTypes)
        {
            change["type"] = "initial";
        }
        return change;
    }

    /// <summary>A state note (<c>include_states</c>): <c>initializing</c> or <c>ready</c>.</summary>
    public static JsonObject State(string state, bool includeTypes)
    {
        var note = new JsonObject { ["state"] = state };
        if (includeTypes)
        {
            note["type"] = "state";
        }
        return note;
    }
}
