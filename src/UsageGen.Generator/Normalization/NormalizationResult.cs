using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>Which part of the node at an issue's pointer the diagnostic underlines.</summary>
internal enum IssueAnchor { Key, Value }

/// <summary>
/// A diagnostic as the stage sees it: descriptor id, the JSON pointer it is about and the message arguments (after the
/// spec's file name). The parser, which holds the YAML, turns the pointer into a line and column.
/// </summary>
internal sealed record NormalizationIssue(string DescriptorId, string Pointer, IssueAnchor Anchor, EquatableArray<string> Args);

/// <summary>The stage's output: the mapping (null when no operation reports usage) and its issues, in order.</summary>
internal sealed record NormalizationResult(UsageMapping? Mapping, EquatableArray<NormalizationIssue> Issues);
