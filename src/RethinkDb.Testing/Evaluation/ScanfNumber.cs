using System.Globalization;

namespace RethinkDb.Testing.Evaluation;

/// <summary>
/// Reads a string as the server's <c>coerce_to("NUMBER")</c> does: C's <c>sscanf(s, "%lf%c")</c> must find a number
/// and nothing after it (type_manip.cc). So leading white space is skipped but trailing white space is not, hexadecimal
/// (<c>0x1A</c>, <c>0x1p3</c>), <c>inf</c> and <c>nan</c> are numbers, and a dangling exponent (<c>1e</c>) is read as
/// the number before it, as glibc reads them (checked against a real 2.4.4).
/// </summary>
internal static class ScanfNumber
{
    /// <summary>The number <paramref name="text"/> stands for (possibly infinite or NaN), or false.</summary>
    public static bool TryParse(string text, out double value)
    {
        value = 0;
        var i = 0;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }
        var rest = text.AsSpan(i);
        bool read;
        int length;
        if (StartsWithWord(rest, "infinity") || StartsWithWord(rest, "inf"))
        {
            (read, length, value) = (true, StartsWithWord(rest, "infinity") ? 8 : 3, double.PositiveInfinity);
        }
        else if (StartsWithWord(rest, "nan"))
        {
            (read, length, value) = (true, 3, double.NaN); // not "nan(chars)": the server refuses it
        }
        else if (rest.Length > 1 && rest[0] == '0' && rest[1] is 'x' or 'X')
        {
            read = TryReadHex(rest[2..], out length, out value);
            length += 2;
        }
        else
        {
            read = TryReadDecimal(rest, out length, out value);
        }
        if (!read || i + length != text.Length)
        {
            return false;
        }
        value = negative ? -value : value;
        return true;
    }

    private static bool StartsWithWord(ReadOnlySpan<char> text, string word) =>
        text.StartsWith(word, StringComparison.OrdinalIgnoreCase);

    private static bool TryReadDecimal(ReadOnlySpan<char> text, out int length, out double value)
    {
        var i = 0;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }
        value = 0;
        length = i;
        if (digits == 0)
        {
            return false;
        }
        var mantissaEnd = i;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            // glibc's scanf takes the exponent's letter and sign even with no digit after them.
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            var exponentStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            length = i;
            var number = i > exponentStart ? text[..i] : text[..mantissaEnd];
            value = double.Parse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
            return true;
        }
        value = double.Parse(text[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return true;
    }

    // After "0x": hex digits with an optional fraction, then an optional binary exponent "p[sign]digits".
    private static bool TryReadHex(ReadOnlySpan<char> text, out int length, out double value)
    {
        var i = 0;
        var digits = 0;
        value = 0;
        var scale = 0;
        // Past 2^60 further digits only scale the value (a double holds 53 bits), so no run of digits overflows
        // before the binary exponent is applied.
        const double Precise = 1L << 60;
        while (i < text.Length && char.IsAsciiHexDigit(text[i]))
        {
            if (value < Precise)
            {
                value = value * 16 + Convert.ToInt32(text[i].ToString(), 16);
            }
            else
            {
                scale += 4;
            }
            i++;
            digits++;
        }
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                if (value < Precise)
                {
                    value = value * 16 + Convert.ToInt32(text[i].ToString(), 16);
                    scale -= 4;
                }
                i++;
                digits++;
            }
        }
        length = i;
        if (digits == 0)
        {
            return false;
        }
        if (i < text.Length && text[i] is 'p' or 'P')
        {
            i++;
            var sign = 1;
            if (i < text.Length && text[i] is '+' or '-')
            {
                sign = text[i] == '-' ? -1 : 1;
                i++;
            }
            var exponent = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                exponent = Math.Min(exponent * 10 + (text[i] - '0'), 100_000);
                i++;
            }
            scale += sign * exponent;
            length = i;
        }
        value = Math.ScaleB(value, scale);
        return true;
    }
}
