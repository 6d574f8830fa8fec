namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// The first syntax error of a JSON text in the words of rapidjson, the parser behind the server's <c>r.json</c>:
/// the text walked in rapidjson's order (a value by its first character, objects and arrays member by member, numbers
/// digit by digit), so that the error named is the one rapidjson meets first. Syntax only: what a syntactically valid
/// text may still be refused for (numbers too big, keys twice) is the caller's. Iterative, so that no depth of
/// nesting exhausts the stack.
/// </summary>
internal static class RapidJsonSyntax
{
    private enum Container
    {
        Object,
        Array,
    }

    /// <summary>rapidjson's message for the first syntax error of the text, or null when its syntax is valid.</summary>
    public static string? FirstError(ReadOnlySpan<byte> text)
    {
        var at = 0;
        SkipWhitespace(text, ref at);
        if (Peek(text, at) == 0)
        {
            return "The document is empty.";
        }
        var open = new Stack<Container>();
        while (true)
        {
            // A value, at `at`.
            var error = Value(text, ref at, open, out var opened);
            if (error is not null)
            {
                return error;
            }
            if (opened)
            {
                continue;
            }
            // After a value: close what it ends, or go on to the next member or element.
            while (true)
            {
                SkipWhitespace(text, ref at);
                if (open.Count == 0)
                {
                    return Peek(text, at) == 0 ? null : "The document root must not follow by other values.";
                }
                var c = Peek(text, at);
                if (c == ',')
                {
                    at++;
                    SkipWhitespace(text, ref at);
                    if (open.Peek() == Container.Object && (error = MemberName(text, ref at)) is not null)
                    {
                        return error;
                    }
                    break;
                }
                if (open.Peek() == Container.Object && c == '}' || open.Peek() == Container.Array && c == ']')
                {
                    at++;
                    open.Pop();
                    continue;
                }
                return open.Peek() == Container.Object
                    ? "Missing a comma or '}' after an object member."
                    : "Missing a comma or ']' after an array element.";
            }
        }
    }

    /// <summary>
    /// One value: a literal, a string or a number read whole, or the opening of an object or array (then
    /// <paramref name="opened"/>, with the first member's name read, or the container closed at once when empty).
    /// </summary>
    private static string? Value(ReadOnlySpan<byte> text, ref int at, Stack<Container> open, out bool opened)
    {
        opened = false;
        switch (Peek(text, at))
        {
            case (byte)'n':
                return Literal(text, ref at, "null"u8);
            case (byte)'t':
                return Literal(text, ref at, "true"u8);
            case (byte)'f':
                return Literal(text, ref at, "false"u8);
            case (byte)'"':
                return String(text, ref at);
            case (byte)'{' or (byte)'[':
                var container = Peek(text, at) == '{' ? Container.Object : Container.Array;
                at++;
                SkipWhitespace(text, ref at);
                if (Peek(text, at) == (container == Container.Object ? '}' : ']'))
                {
                    at++;
                    return null;
                }
                open.Push(container);
                opened = true;
                return container == Container.Object ? MemberName(text, ref at) : null;
            default:
                return Number(text, ref at);
        }
    }

    /// <summary>A member's name and its colon, up to where its value starts.</summary>
    private static string? MemberName(ReadOnlySpan<byte> text, ref int at)
    {
        if (Peek(text, at) != '"')
        {
            return "Missing a name for object member.";
        }
        var error = String(text, ref at);
        if (error is not null)
        {
            return error;
        }
        SkipWhitespace(text, ref at);
        if (Peek(text, at) != ':')
        {
            return "Missing a colon after a name of object member.";
        }
        at++;
        SkipWhitespace(text, ref at);
        return null;
    }

    private static string? Literal(ReadOnlySpan<byte> text, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!text[at..].StartsWith(literal))
        {
            return "Invalid value.";
        }
        at += literal.Length;
        return null;
    }

    private static string? String(ReadOnlySpan<byte> text, ref int at)
    {
        at++; // the opening quote
        while (true)
        {
            var c = Peek(text, at);
            if (c == '"')
            {
                at++;
                return null;
            }
            if (c == '\\')
            {
                at++;
                var escape = Peek(text, at);
                if (escape == 'u')
                {
                    at++;
                    if (Hex4(text, ref at) is not { } unit)
                    {
                        return HexError(text, at);
                    }
                    // A high surrogate needs its low half escaped right after it; a lone low one is taken.
                    if (unit is >= 0xD800 and <= 0xDBFF)
                    {
                        if (Peek(text, at) != '\\' || Peek(text, at + 1) != 'u')
                        {
                            return "The surrogate pair in string is invalid.";
                        }
                        at += 2;
                        if (Hex4(text, ref at) is not { } low)
                        {
                            return HexError(text, at);
                        }
                        if (low is < 0xDC00 or > 0xDFFF)
                        {
                            return "The surrogate pair in string is invalid.";
                        }
                    }
                    continue;
                }
                if (escape is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
                {
                    at++;
                    continue;
                }
                return "Invalid escape character in string.";
            }
            if (c == 0)
            {
                return "Missing a closing quotation mark in string.";
            }
            if (c < 0x20)
            {
                // The server's rapidjson predates its own "Invalid encoding" error for an unescaped control character.
                return "Invalid escape character in string.";
            }
            at++;
        }
    }

    /// <summary>A <c>\u</c> escape cut short by the end of the text is an unclosed string to rapidjson.</summary>
    private static string HexError(ReadOnlySpan<byte> text, int at) =>
        Peek(text, at) == 0 ? "Missing a closing quotation mark in string." : "Incorrect hex digit after \\u escape in string.";

    private static int? Hex4(ReadOnlySpan<byte> text, ref int at)
    {
        var value = 0;
        for (var i = 0; i < 4; i++, at++)
        {
            var digit = HexDigit(Peek(text, at));
            if (digit < 0)
            {
                return null;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    private static string? Number(ReadOnlySpan<byte> text, ref int at)
    {
        if (Peek(text, at) == '-')
        {
            at++;
        }
        var first = Peek(text, at);
        if (first == '0')
        {
            at++;
        }
        else if (first is >= (byte)'1' and <= (byte)'9')
        {
            Digits(text, ref at);
        }
        else
        {
            return "Invalid value.";
        }
        if (Peek(text, at) == '.')
        {
            at++;
            if (!IsDigit(Peek(text, at)))
            {
                return "Miss fraction part in number.";
            }
            Digits(text, ref at);
        }
        if (Peek(text, at) is (byte)'e' or (byte)'E')
        {
            at++;
            if (Peek(text, at) is (byte)'+' or (byte)'-')
            {
                at++;
            }
            if (!IsDigit(Peek(text, at)))
            {
                return "Miss exponent in number.";
            }
            Digits(text, ref at);
        }
        return null;
    }

    private static void Digits(ReadOnlySpan<byte> text, ref int at)
    {
        while (IsDigit(Peek(text, at)))
        {
            at++;
        }
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    /// <summary>The byte at the position, or 0 past the end (rapidjson reads a text as ending at its first NUL).</summary>
    private static byte Peek(ReadOnlySpan<byte> text, int at) => at < text.Length ? text[at] : (byte)0;

    private static void SkipWhitespace(ReadOnlySpan<byte> text, ref int at)
    {
        while (Peek(text, at) is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            at++;
        }
    }
}
