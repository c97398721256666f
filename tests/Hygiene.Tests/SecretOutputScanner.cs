using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Pvtcoms.Hygiene.Tests;

/// <summary>
/// Finds log, console and exception sites whose arguments carry a value named like a secret (key, seed, token,
/// passphrase, plaintext, ...). Syntax only: it reads names, so it is deliberately strict, and a site that is
/// meant to print user data (the CLI showing a message to its own user) says so with a reasoned
/// <c>// output-hygiene: reason</c> comment on the line or the line above.
/// </summary>
public static class SecretOutputScanner
{
    public const string SuppressionMarker = "output-hygiene:";

    private static readonly HashSet<string> s_sensitiveWords = new(StringComparer.Ordinal)
    {
        "key", "keys", "seed", "token", "tokens", "secret", "secrets", "passphrase", "password", "plaintext",
        "cookie", "nonce", "blob", "blobs", "mac", "chain", "text", "body", "ciphertext", "private", "kek",
        "invite", "locator", "prekey", "prekeys", "session", "display",
    };

    /// <summary>A name that ends in one of these is a size or a count, not the value (SeedSize, blobCount).</summary>
    private static readonly HashSet<string> s_measureWords = new(StringComparer.Ordinal)
    {
        "size", "length", "count", "limit", "max", "min", "bytes", "id", "kind", "type", "version", "state", "error", "variable", "setting",
    };

    /// <summary>Members that turn any value into its measure: <c>blob.Length</c> is fine, <c>blob</c> is not.</summary>
    private static readonly HashSet<string> s_measureMembers = new(StringComparer.Ordinal)
    {
        "Length", "Count", "LongLength", "Size", "IsEmpty", "IsOk", "Error", "Kind", "Role", "Version",
    };

    private static readonly HashSet<string> s_logMethods = new(StringComparer.Ordinal)
    {
        "Log", "LogTrace", "LogDebug", "LogInformation", "LogWarning", "LogError", "LogCritical",
        "Debug", "Info", "Warning", "Error", "Trace", "Critical", "Fatal", "FailFast",
    };

    public static IReadOnlyList<Finding> Scan(string path, string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, path: path);
        var root = tree.GetRoot();
        var lines = source.Split('\n');
        var findings = new List<Finding>();
        foreach (var site in root.DescendantNodes())
        {
            var arguments = site switch
            {
                BaseObjectCreationExpressionSyntax creation when IsExceptionCreation(creation) => creation.ArgumentList,
                InvocationExpressionSyntax call when IsOutputCall(call) => call.ArgumentList,
                _ => null,
            };
            if (arguments is null)
            {
                continue;
            }

            var line = site.GetLocation().GetLineSpan().StartLinePosition.Line;
            if (IsSuppressed(lines, line))
            {
                continue;
            }

            foreach (var name in arguments.Arguments.SelectMany(a => SensitiveNames(a.Expression)))
            {
                findings.Add(new Finding(path, line + 1, name, site.ToString().Split('\n')[0].Trim()));
            }
        }

        return findings;
    }

    private static bool IsExceptionCreation(BaseObjectCreationExpressionSyntax creation) => creation switch
    {
        ObjectCreationExpressionSyntax { Type: var type } => LastIdentifier(type).EndsWith("Exception", StringComparison.Ordinal),
        ImplicitObjectCreationExpressionSyntax => creation.Parent is ThrowExpressionSyntax or ThrowStatementSyntax,
        _ => false,
    };

    private static bool IsOutputCall(InvocationExpressionSyntax call) => call.Expression switch
    {
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Write" or "WriteLine" } member => IsConsoleLike(member.Expression),
        MemberAccessExpressionSyntax member => s_logMethods.Contains(member.Name.Identifier.ValueText),
        IdentifierNameSyntax name => name.Identifier.ValueText.StartsWith("Log", StringComparison.Ordinal)
                                     && s_logMethods.Contains(name.Identifier.ValueText),
        _ => false,
    };

    /// <summary>Write/WriteLine print only on a console-like receiver; a wire writer's Write is serialization.</summary>
    private static bool IsConsoleLike(ExpressionSyntax receiver) =>
        System.Text.RegularExpressions.Regex.IsMatch(receiver.ToString(),
            @"(^|\.)_?(console|out|error|stdout|stderr|output|terminal)$|^Console\b",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static string LastIdentifier(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => type.ToString(),
    };

    private static bool IsSuppressed(string[] lines, int line)
    {
        bool Marked(int i) => i >= 0 && i < lines.Length && lines[i].Contains("// " + SuppressionMarker, StringComparison.Ordinal)
                              && lines[i][(lines[i].IndexOf(SuppressionMarker, StringComparison.Ordinal) + SuppressionMarker.Length)..].Trim().Length >= 10;
        return Marked(line) || Marked(line - 1);
    }

    /// <summary>Every identifier in the argument that names a sensitive value and is not reduced to a measure.</summary>
    private static IEnumerable<string> SensitiveNames(ExpressionSyntax argument)
    {
        foreach (var identifier in argument.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (IsInsideNameof(identifier) || IsReducedToMeasure(identifier) || IsMemberNameOfAccess(identifier))
            {
                continue;
            }

            var words = Words(identifier.Identifier.ValueText);
            if (words.Count == 0 || s_measureWords.Contains(words[^1]) || words[0] is "max" or "min")
            {
                continue;
            }

            if (words.Any(s_sensitiveWords.Contains))
            {
                yield return identifier.Identifier.ValueText;
            }
        }
    }

    private static bool IsInsideNameof(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>()
            .Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    /// <summary><c>x.Length</c>, <c>x.Count</c>, <c>x.Foo.Length</c>: the value itself never reaches the text.</summary>
    private static bool IsReducedToMeasure(IdentifierNameSyntax identifier)
    {
        SyntaxNode node = identifier;
        while (node.Parent is MemberAccessExpressionSyntax access && access.Expression == node)
        {
            if (s_measureMembers.Contains(access.Name.Identifier.ValueText))
            {
                return true;
            }

            node = access;
        }

        return false;
    }

    /// <summary>In <c>a.b</c> the name <c>b</c> is judged together with <c>a</c>: only the outermost value matters.</summary>
    private static bool IsMemberNameOfAccess(IdentifierNameSyntax identifier) =>
        identifier.Parent is MemberAccessExpressionSyntax access && access.Name == identifier
        && !Words(identifier.Identifier.ValueText).Any(s_sensitiveWords.Contains);

    /// <summary>camelCase / PascalCase / snake_case words, lower-cased, leading underscores and prefixes dropped.</summary>
    public static IReadOnlyList<string> Words(string identifier)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var name = identifier.TrimStart('_');
        if (name.StartsWith("s_", StringComparison.Ordinal))
        {
            name = name[2..];
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' || !char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (char.IsUpper(c) && current.Length > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                Flush();
            }

            current.Append(char.ToLowerInvariant(c));
        }

        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }

    public sealed record Finding(string Path, int Line, string Name, string Site)
    {
        public override string ToString() => $"{Path}:{Line}: '{Name}' reaches output in: {Site}";
    }
}
