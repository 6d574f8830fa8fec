using System.Text.Json;
using RethinkDb.Core.Tests.Infrastructure;

namespace RethinkDb.Core.Tests.Testing;

/// <summary>
/// <c>match</c> takes RE2 patterns: what RE2 runs, refuses and names differently from .NET's engine, exact answers
/// against either server.
/// </summary>
public sealed class RegexAgreementTests
{
    private const string Text = "abc\nb.a";

    private static readonly (string Pattern, string Answer)[] Answers =
    [
        ("(?=a)", """{"t":18,"e":3000000,"r":["Error in regexp `(?=a)` (portion `(?=`): invalid perl operator: (?="],"b":[]}"""),
        ("(?<=a)", """{"t":18,"e":3000000,"r":["Error in regexp `(?<=a)` (portion `(?<`): invalid perl operator: (?<"],"b":[]}"""),
        ("(?>a)", """{"t":18,"e":3000000,"r":["Error in regexp `(?>a)` (portion `(?>`): invalid perl operator: (?>"],"b":[]}"""),
        ("(?<n>a)", """{"t":18,"e":3000000,"r":["Error in regexp `(?<n>a)` (portion `(?<`): invalid perl operator: (?<"],"b":[]}"""),
        ("(a)\\1", """{"t":18,"e":3000000,"r":["Error in regexp `(a)\\1` (portion `\\1`): invalid escape sequence: \\1"],"b":[]}"""),
        ("\\Z", """{"t":18,"e":3000000,"r":["Error in regexp `\\Z` (portion `\\Z`): invalid escape sequence: \\Z"],"b":[]}"""),
        ("a*+", """{"t":18,"e":3000000,"r":["Error in regexp `a*+` (portion `*+`): bad repetition operator: *+"],"b":[]}"""),
        ("a{2}+", """{"t":18,"e":3000000,"r":["Error in regexp `a{2}+` (portion `{2}+`): bad repetition operator: {2}+"],"b":[]}"""),
        ("a{1001}", """{"t":18,"e":3000000,"r":["Error in regexp `a{1001}` (portion `{1001}`): invalid repetition size: {1001}"],"b":[]}"""),
        ("(a", """{"t":18,"e":3000000,"r":["Error in regexp `(a` (portion `(a`): missing ): (a"],"b":[]}"""),
        ("a)", """{"t":18,"e":3000000,"r":["Error in regexp `a)` (portion `a)`): unexpected ): a)"],"b":[]}"""),
        ("*a", """{"t":18,"e":3000000,"r":["Error in regexp `*a` (portion `*`): no argument for repetition operator: *"],"b":[]}"""),
        ("[a-", """{"t":18,"e":3000000,"r":["Error in regexp `[a-` (portion `[a-`): missing ]: [a-"],"b":[]}"""),
        ("[z-a]", """{"t":18,"e":3000000,"r":["Error in regexp `[z-a]` (portion `z-a`): invalid character class range: z-a"],"b":[]}"""),
        ("[[:foo:]]", """{"t":18,"e":3000000,"r":["Error in regexp `[[:foo:]]` (portion `[:foo:]`): invalid character class range: [:foo:]"],"b":[]}"""),
        // RE2's own syntax, run.
        ("[[:alpha:]]+", """{"t":1,"r":[{"end":3,"groups":[],"start":0,"str":"abc"}]}"""),
        ("\\Qb.\\E", """{"t":1,"r":[{"end":6,"groups":[],"start":4,"str":"b."}]}"""),
        ("\\x{62}", """{"t":1,"r":[{"end":2,"groups":[],"start":1,"str":"b"}]}"""),
        ("\\pL", """{"t":1,"r":[{"end":1,"groups":[],"start":0,"str":"a"}]}"""),
        ("(?P<n>b)", """{"t":1,"r":[{"end":2,"groups":[{"end":2,"start":1,"str":"b"}],"start":1,"str":"b"}]}"""),
        ("^*", """{"t":1,"r":[{"end":0,"groups":[],"start":0,"str":""}]}"""),
        ("a{,2}", """{"t":1,"r":[null]}"""),
        // "[" and "]" as the first member of a class, and a code point written in a class.
        ("[[b]", """{"t":1,"r":[{"end":2,"groups":[],"start":1,"str":"b"}]}"""),
        ("[\\[b]", """{"t":1,"r":[{"end":2,"groups":[],"start":1,"str":"b"}]}"""),
        ("[]b]", """{"t":1,"r":[{"end":2,"groups":[],"start":1,"str":"b"}]}"""),
        ("[\\x{2D}c]", """{"t":1,"r":[{"end":3,"groups":[],"start":2,"str":"c"}]}"""),
        // A negated POSIX class, alone, in a negated class and beside another member.
        ("[[:^alpha:]]+", """{"t":1,"r":[{"end":4,"groups":[],"start":3,"str":"\n"}]}"""),
        ("[^[:^alpha:]]+", """{"t":1,"r":[{"end":3,"groups":[],"start":0,"str":"abc"}]}"""),
        ("[[:^alpha:]b]+", """{"t":1,"r":[{"end":2,"groups":[],"start":1,"str":"b"}]}"""),
        // The ungreedy flag swaps x* and x*?, up to the end of the group that sets it; .NET has no such flag.
        ("(?U)b.*", """{"t":1,"r":[{"end":2,"groups":[],"start":1,"str":"b"}]}"""),
        ("(?U)b.*?", """{"t":1,"r":[{"end":3,"groups":[],"start":1,"str":"bc"}]}"""),
        ("(?U:.+)", """{"t":1,"r":[{"end":1,"groups":[],"start":0,"str":"a"}]}"""),
        ("(?U)[a-c]{2,3}", """{"t":1,"r":[{"end":2,"groups":[],"start":0,"str":"ab"}]}"""),
        ("(?:(?U)a)b.+", """{"t":1,"r":[{"end":3,"groups":[],"start":0,"str":"abc"}]}"""),
        ("(?U)(?-U)b.+", """{"t":1,"r":[{"end":3,"groups":[],"start":1,"str":"bc"}]}"""),
        ("(?iU)A.+", """{"t":1,"r":[{"end":2,"groups":[],"start":0,"str":"ab"}]}"""),
        // RE2 lets two groups share a name; each is still a group of its own.
        ("(?P<n>b)(?P<n>c)", """{"t":1,"r":[{"end":3,"groups":[{"end":2,"start":1,"str":"b"},{"end":3,"start":2,"str":"c"}],"start":1,"str":"bc"}]}"""),
        ("(?P<n>x)|(?P<n>b)", """{"t":1,"r":[{"end":2,"groups":[null,{"end":2,"start":1,"str":"b"}],"start":1,"str":"b"}]}"""),
        // Named and unnamed groups count in the order they open (.NET counts named groups last).
        ("(?P<n>a)(b)", """{"t":1,"r":[{"end":2,"groups":[{"end":1,"start":0,"str":"a"},{"end":2,"start":1,"str":"b"}],"start":0,"str":"ab"}]}"""),
        ("(b)(?P<_9>c)", """{"t":1,"r":[{"end":3,"groups":[{"end":2,"start":1,"str":"b"},{"end":3,"start":2,"str":"c"}],"start":1,"str":"bc"}]}"""),
        ("(?P<1a>b)", """{"t":1,"r":[{"end":2,"groups":[{"end":2,"start":1,"str":"b"}],"start":1,"str":"b"}]}"""),
        // Names RE2 refuses, and what follows "(?P" other than "<".
        ("(?P<>b)", """{"t":18,"e":3000000,"r":["Error in regexp `(?P<>b)` (portion `(?P<>`): invalid named capture group: (?P<>"],"b":[]}"""),
        ("(?P<n", """{"t":18,"e":3000000,"r":["Error in regexp `(?P<n` (portion `(?P<n`): invalid named capture group: (?P<n"],"b":[]}"""),
        ("(?P<n-m>b)", """{"t":18,"e":3000000,"r":["Error in regexp `(?P<n-m>b)` (portion `(?P<n-m>`): invalid named capture group: (?P<n-m>"],"b":[]}"""),
        ("(?P=n)", """{"t":18,"e":3000000,"r":["Error in regexp `(?P=n)` (portion `(?P`): invalid perl operator: (?P"],"b":[]}"""),
        ("(?P<n>b", """{"t":18,"e":3000000,"r":["Error in regexp `(?P<n>b` (portion `(?P<n>b`): missing ): (?P<n>b"],"b":[]}"""),
        // Unicode scripts, and their complements.
        ("\\p{Greek}", """{"t":1,"r":[null]}"""),
        ("\\p{Latin}+", """{"t":1,"r":[{"end":3,"groups":[],"start":0,"str":"abc"}]}"""),
        ("\\p{^Greek}", """{"t":1,"r":[{"end":1,"groups":[],"start":0,"str":"a"}]}"""),
        ("\\P{^Latin}", """{"t":1,"r":[{"end":1,"groups":[],"start":0,"str":"a"}]}"""),
        ("\\p{Common}", """{"t":1,"r":[{"end":4,"groups":[],"start":3,"str":"\n"}]}"""),
        ("\\p{Old_Italic}", """{"t":1,"r":[null]}"""),
        ("[\\p{Greek}b]", """{"t":1,"r":[{"end":2,"groups":[],"start":1,"str":"b"}]}"""),
        ("[\\P{Latin}]", """{"t":1,"r":[{"end":4,"groups":[],"start":3,"str":"\n"}]}"""),
        ("\\p{Any}", """{"t":1,"r":[{"end":1,"groups":[],"start":0,"str":"a"}]}"""),
        ("\\p{^Any}", """{"t":1,"r":[null]}"""),
        ("[\\P{Any}a]", """{"t":1,"r":[{"end":1,"groups":[],"start":0,"str":"a"}]}"""),
        ("\\PL", """{"t":1,"r":[{"end":4,"groups":[],"start":3,"str":"\n"}]}"""),
        ("\\p{Me}", """{"t":1,"r":[null]}"""),
        // Names RE2 does not know: .NET's blocks, Cn and LC, lower case, and unclosed braces.
        ("\\p{Foo}", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{Foo}` (portion `\\p{Foo}`): invalid character class range: \\p{Foo}"],"b":[]}"""),
        ("\\p{IsGreek}", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{IsGreek}` (portion `\\p{IsGreek}`): invalid character class range: \\p{IsGreek}"],"b":[]}"""),
        ("\\p{greek}", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{greek}` (portion `\\p{greek}`): invalid character class range: \\p{greek}"],"b":[]}"""),
        ("\\p{Cn}", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{Cn}` (portion `\\p{Cn}`): invalid character class range: \\p{Cn}"],"b":[]}"""),
        ("\\p{LC}", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{LC}` (portion `\\p{LC}`): invalid character class range: \\p{LC}"],"b":[]}"""),
        ("\\p{Unknown}", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{Unknown}` (portion `\\p{Unknown}`): invalid character class range: \\p{Unknown}"],"b":[]}"""),
        ("\\pX", """{"t":18,"e":3000000,"r":["Error in regexp `\\pX` (portion `\\pX`): invalid character class range: \\pX"],"b":[]}"""),
        ("\\p{Greek", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{Greek` (portion `\\p{Greek`): invalid character class range: \\p{Greek"],"b":[]}"""),
        ("\\p{}", """{"t":18,"e":3000000,"r":["Error in regexp `\\p{}` (portion `\\p{}`): invalid character class range: \\p{}"],"b":[]}"""),
        ("\\p", """{"t":18,"e":3000000,"r":["Error in regexp `\\p` (portion `\\p`): invalid character class range: \\p"],"b":[]}"""),
        ("[\\p{Foo}]", """{"t":18,"e":3000000,"r":["Error in regexp `[\\p{Foo}]` (portion `\\p{Foo}`): invalid character class range: \\p{Foo}"],"b":[]}"""),
        // Flags RE2 refuses: the portion runs to the character it stopped at.
        ("(?ix)", """{"t":18,"e":3000000,"r":["Error in regexp `(?ix)` (portion `(?ix`): invalid perl operator: (?ix"],"b":[]}"""),
        ("(?-)", """{"t":18,"e":3000000,"r":["Error in regexp `(?-)` (portion `(?-)`): invalid perl operator: (?-)"],"b":[]}"""),
        ("(?i-:a)", """{"t":18,"e":3000000,"r":["Error in regexp `(?i-:a)` (portion `(?i-:`): invalid perl operator: (?i-:"],"b":[]}"""),
    ];

    // Scripts on text beyond ASCII: Greek, and Gothic above U+FFFF (one code point, two UTF-16 units, four bytes).
    private const string ScriptText = "abγδ𐌰e";

    private static readonly (string Pattern, string Answer)[] ScriptAnswers =
    [
        ("\\p{Greek}+", """{"t":1,"r":[{"end":6,"groups":[],"start":2,"str":"γδ"}]}"""),
        ("\\p{Gothic}", """{"t":1,"r":[{"end":10,"groups":[],"start":6,"str":"𐌰"}]}"""),
        ("\\P{Latin}+", """{"t":1,"r":[{"end":10,"groups":[],"start":2,"str":"γδ𐌰"}]}"""),
        ("[\\p{Greek}\\p{Latin}]+", """{"t":1,"r":[{"end":6,"groups":[],"start":0,"str":"abγδ"}]}"""),
        ("\\p{^Greek}\\P{Latin}", """{"t":1,"r":[{"end":4,"groups":[],"start":1,"str":"bγ"}]}"""),
    ];

    [Theory, TestServer, RealServer]
    public Task Unicode_scripts_match_whole_code_points_as_re2_does(ServerKind kind) =>
        AssertMatchesAsync(kind, ScriptText, ScriptAnswers);

    [Theory, TestServer, RealServer]
    public Task Patterns_are_run_and_refused_as_re2_does(ServerKind kind) => AssertMatchesAsync(kind, Text, Answers);

    /// <summary>Sends <c>r.expr(text).match(pattern)</c> for each pattern and compares the raw answer.</summary>
    private static async Task AssertMatchesAsync(ServerKind kind, string text, (string Pattern, string Answer)[] answers)
    {
        await using var target = await ServerTarget.StartAsync(kind);
        await using var raw = await RawConnection.OpenAsync(target);

        await raw.AssertAnswersAsync(answers.Select(a =>
            ($"[1,[97,[{JsonSerializer.Serialize(text)},{JsonSerializer.Serialize(a.Pattern)}]]]", a.Answer)));
    }
}
