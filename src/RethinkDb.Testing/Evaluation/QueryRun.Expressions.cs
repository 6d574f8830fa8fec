using System.Text.Json;
using System.Text.Json.Nodes;
using RethinkDb.Protocol;

namespace RethinkDb.Testing.Evaluation;

/// <content>Expressions: comparisons, logic, arithmetic, field access.</content>
internal sealed partial class QueryRun
{
    private DatumValue Compare(TermType type, Args args)
    {
        // As predicate_term_t: pair by pair, stopping at the first that fails (the arguments after it are not
        // evaluated at all); ne(a, b, c) is "not all equal".
        var previous = AsDatum(args[0]);
        var result = true;
        for (var i = 1; i < args.Count && result; i++)
        {
            var next = AsDatum(args[i]);
            var c = Datum.Compare(previous, next);
            result = type switch
            {
                TermType.Eq or TermType.Ne => c == 0,
                TermType.Lt => c < 0,
                TermType.Le => c <= 0,
                TermType.Gt => c > 0,
                _ => c >= 0,
            };
            previous = next;
        }
        return Made(JsonValue.Create(type == TermType.Ne ? !result : result));
    }

    private Value And(Args args)
    {
        Value last = Made(JsonValue.Create(true));
        for (var i = 0; i < args.Count; i++)
        {
            last = args[i];
            if (!AsBool(last))
            {
                return last;
            }
        }
        return last;
    }

    /// <summary><c>r.branch(test, then, test2, then2, ..., else)</c>: only the chosen branch is evaluated.</summary>
    private Value Branch(Args args)
    {
        if (args.Count % 2 == 0)
        {
            throw Fail(ErrorType.QueryLogic, "Cannot call `branch` term with an even number of arguments.");
        }
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (AsBool(args[i]))
            {
                return args[i + 1];
            }
        }
        return args[args.Count - 1];
    }

    private Value Or(Args args)
    {
        Value last = Made(JsonValue.Create(false));
        for (var i = 0; i < args.Count; i++)
        {
            last = args[i];
            if (AsBool(last))
            {
                return last;
            }
        }
        return last;
    }

    private DatumValue Arithmetic(TermType type, Args args)
    {
        var first = args[0];
        var accumulator = AsDatum(first);
        if (type == TermType.Add && Datum.Kind(accumulator) is JsonValueKind.String or JsonValueKind.Array)
        {
            // ADD concatenates strings and arrays; every argument must be of the first one's type.
            var kind = Datum.Kind(accumulator);
            var text = kind == JsonValueKind.String ? Datum.String(accumulator!) : null;
            var array = kind == JsonValueKind.Array ? (JsonArray)Datum.Own(accumulator)! : null;
            for (var i = 1; i < args.Count; i++)
            {
                var operand = args[i];
                var node = AsDatum(operand);
                if (Datum.Kind(node) != kind)
                {
                    // datum_t::check_type on the operand, inside the term: the error is the term's, not the operand's.
                    throw DatumTypeError(node, kind == JsonValueKind.String ? "STRING" : "ARRAY");
                }
                if (text is not null)
                {
                    text += Datum.String(node!);
                }
                else
                {
                    foreach (var item in (JsonArray)node!)
                    {
                        array!.Add(Datum.Own(item));
                    }
                }
            }
            return Made(text is not null ? JsonValue.Create(text) : array);
        }
        // The operands are datums checked inside the term (datum_t::check_type): errors point at the term itself.
        JsonNode? result = accumulator;
        for (var i = 1; i < args.Count; i++)
        {
            result = ArithmeticStep(type, result, AsDatum(args[i]));
        }
        if (args.Count == 1 && !IsTime(result))
        {
            NumberOperand(result);
        }
        return Made(result);
    }

    /// <summary>One step of a left fold of ADD/SUB/MUL/DIV: numbers, times and durations, arrays times counts.</summary>
    private JsonNode? ArithmeticStep(TermType type, JsonNode? left, JsonNode? right)
    {
        if (type is TermType.Add && (IsTime(left) || IsTime(right)) || type is TermType.Sub && IsTime(left))
        {
            return TimeArithmetic(type, left, right);
        }
        if (type == TermType.Mul && (left is JsonArray || right is JsonArray))
        {
            var array = left as JsonArray ?? (JsonArray)right!;
            var count = NumberOperand(left is JsonArray ? right : left);
            if (count != Math.Floor(count))
            {
                throw LogicError($"Number not an integer: {FormatG20(count)}");
            }
            if (count < 0)
            {
                throw LogicError("Cannot multiply an ARRAY by a negative number.");
            }
            var repeated = new JsonArray();
            for (var i = 0; i < count; i++)
            {
                foreach (var item in array)
                {
                    repeated.Add(Datum.Own(item));
                }
                CheckArrayLimit(repeated.Count);
            }
            return repeated;
        }
        var a = NumberOperand(left);
        var b = NumberOperand(right);
        var value = type switch
        {
            TermType.Add => a + b,
            TermType.Sub => a - b,
            TermType.Mul => a * b,
            _ => b == 0 ? throw LogicError("Cannot divide by zero.") : a / b,
        };
        return CheckFiniteNumber(value);
    }

    private double NumberOperand(JsonNode? node) => Datum.Kind(node) == JsonValueKind.Number
        ? Datum.Number(node!)
        : throw Fail(node is null ? ErrorType.NonExistence : ErrorType.QueryLogic, $"Expected type NUMBER but found {Datum.TypeName(node)}.");

    /// <summary><c>get_field</c> and <c>bracket</c> (<c>row("name")</c>, <c>array(0)</c>), also mapped over sequences.</summary>
    private Value GetField(Args args, bool bracket)
    {
        var target = args[0];
        var termName = bracket ? "bracket" : "get_field";
        string? name = null;
        if (bracket)
        {
            // bracket evaluates both arguments, then decides by the key's type (a datum check: at the term).
            var keyValue = args[1];
            var key = AsDatum(keyValue);
            if (Datum.Kind(key) == JsonValueKind.Number)
            {
                return Nth(target, keyValue);
            }
            name = Datum.Kind(key) == JsonValueKind.String
                ? Datum.String(key!)
                : throw TypedError(key, $"Expected NUMBER or STRING as second argument to `bracket` but found {Datum.TypeName(key)}.");
        }
        // get_field reads its field name only for an object, or for each object of a sequence: a target of another
        // type is reported first, and an empty sequence never reads it.
        string Name() => name ??= AsString(args[1]);
        if (target is SequenceValue or TableValue or DatumValue { Node: JsonArray })
        {
            // An array literal too: r.expr([{a: 1}])('a') is [1], as a stream's is. The server maps
            // [row.get_field(name)].default([]) over the rows: a row whose error is a missing value is skipped.
            var sequence = AsSequence(target);
            var values = new List<JsonNode?>();
            foreach (var row in sequence.Rows)
            {
                switch (row)
                {
                    case JsonObject obj when !Binary.Is(obj):
                        if (Datum.PseudoType(obj) is not null)
                        {
                            throw LogicError($"Cannot call `{termName}` on objects of type `{Datum.TypeName(obj)}`.");
                        }
                        string field;
                        try
                        {
                            field = Name();
                        }
                        catch (QueryFailure failure) when (IsNonExistence(failure))
                        {
                            continue;
                        }
                        if (obj.TryGetPropertyValue(field, out var value))
                        {
                            values.Add(value);
                        }
                        break;
                    case null:
                        continue;
                    default:
                        throw NotAnObjectRow(termName, row);
                }
            }
            return new SequenceValue(values, null, sequence.IsArray);
        }
        var datum = AsDatum(target);
        if (datum is not JsonObject o || Binary.Is(o))
        {
            throw Fail(datum is null ? ErrorType.NonExistence : ErrorType.QueryLogic,
                $"Cannot perform {(bracket ? "bracket" : "get_field")} on a non-object non-sequence `{Datum.TruncPrint(datum)}`.", target.Origin);
        }
        if (Datum.PseudoType(o) is not null)
        {
            // Times and geometries are not objects to get_field (obj_or_seq_op_term_t allows no pseudo-type here).
            throw LogicError($"Cannot call `{(bracket ? "bracket" : "get_field")}` on objects of type `{Datum.TypeName(o)}`.", target.Origin);
        }
        var fieldName = Name();
        return o.TryGetPropertyValue(fieldName, out var fieldValue)
            ? Made(fieldValue)
            : throw Fail(ErrorType.NonExistence, $"No attribute `{fieldName}` in object:\n{Datum.Print(o)}");
    }
}
