using System;
using System.Collections.Generic;
using UsageGen.Generator.Diagnostics;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// Every <c>$ref</c> checked before NSwag reads the document: external, dangling, naming the wrong kind of object (a
/// response naming a request body, a schema naming <c>#/servers/0</c>), or part of a cycle of references with nothing
/// in it. Each gets UG0004 at its own line, and its <c>$ref</c> is left out of what NSwag reads, so the rest of the
/// spec still generates (NSwag would otherwise fail the whole document with a cast exception and no position).
/// </summary>
internal static class ReferenceCheck
{
    /// <summary>Reports bad references and returns the pointers of the objects whose <c>$ref</c> must be dropped.</summary>
    public static List<string> Check(YamlDocument yaml, DiagnosticBag diagnostics)
    {
        var dropped = new List<string>();
        foreach (var holder in yaml.NonStringReferences)
        {
            // A property named "$ref" (under 'properties') is not a reference.
            if (OpenApiGrammar.KindAt(holder) == OpenApiKind.Other) continue;
            diagnostics.Add(DiagnosticDescriptors.UnresolvedReference.Id, yaml.ValueAt(holder + "/$ref"), "(not a string)",
                "a reference is a string naming a place in the spec ('#/components/schemas/Name')");
            dropped.Add(holder);
        }
        foreach (var pair in yaml.MissingMappings)
            diagnostics.Add(DiagnosticDescriptors.UnresolvedReference.Id, yaml.ValueAt(pair.Key), pair.Value,
                "the discriminator mapping names nothing at that path; the entry is left out");
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in yaml.References)
        {
            var holder = pair.Key;
            var reference = pair.Value;
            // Not a place OpenAPI reads a reference (example data, an extension): literal JSON, never resolved.
            if (OpenApiGrammar.KindAt(holder) == OpenApiKind.Other) continue;
            var problem = Problem(yaml, holder, reference, out var pointer);
            if (problem is not null)
            {
                diagnostics.Add(DiagnosticDescriptors.UnresolvedReference.Id, yaml.ValueAt(holder + "/$ref"), reference, problem);
                dropped.Add(holder);
                continue;
            }
            targets[holder] = pointer!;
        }

        // A $ref whose target is itself only a $ref back to the start never resolves: its first reference is dropped.
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in targets.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { start };
            var current = start;
            while (targets.TryGetValue(current, out var next) && !reported.Contains(next))
            {
                if (!seen.Add(next))
                {
                    diagnostics.Add(DiagnosticDescriptors.UnresolvedReference.Id, yaml.ValueAt(start + "/$ref"), "#" + targets[start], "the references form a cycle with no schema in it");
                    reported.UnionWith(seen);
                    dropped.Add(start);
                    break;
                }
                current = next;
            }
        }
        return dropped;
    }

    private static readonly char[] FileOrUrl = { '/', '.', ':', '#', '\\' };

    private static string? Problem(YamlDocument yaml, string holder, string reference, out string? pointer)
    {
        pointer = null;
        if (reference.Length == 0) return "a reference is a string naming a place in the spec ('#/components/schemas/Name')";
        if (!reference.StartsWith("#", StringComparison.Ordinal) && reference.IndexOfAny(FileOrUrl) < 0)
            return "a reference names a place in the spec, e.g. '#/components/schemas/" + reference + "'";
        if (!reference.StartsWith("#", StringComparison.Ordinal))
            return "only references inside the spec ('#/...') are read; UsageGen never reads other files or the network at build time";
        string target;
        try
        {
            target = Uri.UnescapeDataString(reference.Substring(1));
        }
        catch (UriFormatException)
        {
            return "it is not a valid URI fragment";
        }
        if (target.Length > 0 && target[0] != '/') return "a reference inside the spec is a JSON pointer ('#/components/schemas/Name')";
        if (!yaml.Has(target)) return "nothing is defined at that path";
        var expected = OpenApiGrammar.KindAt(holder);
        var actual = target.Length == 0 ? OpenApiKind.Document : OpenApiGrammar.KindAt(target);
        // A header named as a parameter (or the reverse) is read by NSwag, which keeps both as parameters.
        var compatible = actual == expected || (expected, actual) is (OpenApiKind.Header, OpenApiKind.Parameter) or (OpenApiKind.Parameter, OpenApiKind.Header);
        if (!compatible) return "it names " + OpenApiGrammar.Describe(actual) + " where " + OpenApiGrammar.Describe(expected) + " is expected";
        pointer = target;
        return null;
    }
}
