using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Normalization;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// Runs the normalization stage on a built model, inside the parse step: the stage sees records only, and its issues
/// (keyed by JSON pointer) get their line and column here, where the YAML still is.
/// </summary>
internal static class SpecNormalization
{
    public static ProviderModel Run(ProviderModel model, UsageOverrides overrides, YamlDocument yaml, DiagnosticBag diagnostics)
    {
        var result = UsageNormalizer.Normalize(model, overrides.Operations);
        foreach (var issue in result.Issues)
            diagnostics.Add(issue.DescriptorId, issue.Anchor == IssueAnchor.Key ? yaml.KeyAt(issue.Pointer) : yaml.ValueAt(issue.Pointer), issue.Args.ToArray());
        return UsageNormalizer.ApplyNullTracking(model, result.Mapping);
    }
}
