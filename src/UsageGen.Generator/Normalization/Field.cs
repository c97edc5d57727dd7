using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Normalization;

/// <summary>What a field can play in a usage response.</summary>
internal enum FieldRole { None, Used, Limit, Remaining, Rpm, Reset, Plan, Counter }

/// <summary>
/// The facts the rules read about one leaf of a usage response (a scalar or map in the body, or a header): its
/// name and description as words, its type, its parents. Built once by <see cref="FieldCollector"/>, or by hand in tests.
/// </summary>
internal sealed class Field
{
    public Field(ValueSource source, string jsonName, string? description, IReadOnlyList<string> parentJsonNames,
        string? ownerType = null, bool isText = false)
    {
        Source = source;
        JsonName = jsonName;
        Description = description;
        ParentJsonNames = parentJsonNames;
        OwnerType = ownerType;
        IsHeader = source.Kind == ValueSourceKind.Header;
        Name = IsHeader ? Names.Words(jsonName).Where(w => w != Lexicon.HeaderPrefix).ToList() : Names.Words(jsonName);
        NameWords = new HashSet<string>(Name);
        DescriptionWords = new HashSet<string>(Names.Words(description));
        Parents = parentJsonNames.Select(Names.Words).Where(w => !IsEnvelope(w)).ToList();
        IsText = isText || (Type.Kind == TypeRefKind.Primitive && Type.Primitive == PrimitiveKind.String);
        NullMeansUnlimited = description is not null && Lexicon.NullMeansUnlimited.IsMatch(description);
    }

    public ValueSource Source { get; }
    public TypeRef Type => Source.Type;
    public string JsonName { get; }
    public string? Description { get; }
    /// <summary>The name's words, in order (a header's without its <c>x</c>).</summary>
    public IReadOnlyList<string> Name { get; }
    public HashSet<string> NameWords { get; }
    public HashSet<string> DescriptionWords { get; }
    /// <summary>The JSON names of the objects above the field, outermost first.</summary>
    public IReadOnlyList<string> ParentJsonNames { get; }
    /// <summary>The parents' words, envelopes (<c>data</c>) left out.</summary>
    public IReadOnlyList<List<string>> Parents { get; }
    /// <summary>The generated type holding the property (null for a header).</summary>
    public string? OwnerType { get; }
    public bool IsHeader { get; }
    /// <summary>A body map: a per-key breakdown, never a figure.</summary>
    public bool IsMap => !IsHeader && Type.Kind == TypeRefKind.Map;
    /// <summary>A string or an (open) string enum.</summary>
    public bool IsText { get; }
    /// <summary>The description says a JSON null means unlimited.</summary>
    public bool NullMeansUnlimited { get; }

    public static bool IsEnvelope(List<string> words) => words.Count == 1 && Lexicon.Envelope.Contains(words[0]);

    /// <summary>The parents' JSON names without the envelopes, aligned with <see cref="Parents"/>.</summary>
    public IEnumerable<string> ScopedParentJsonNames => ParentJsonNames.Where(x => !IsEnvelope(Names.Words(x)));

    public override string ToString() => Source.Display;
}

/// <summary>A field as classified: its role, how sure, its scope, category and window, and the rule that decided.</summary>
internal sealed record FieldReading(
    Field Field,
    FieldRole Role,
    bool Weak,
    string Scope,
    QuotaScopeModel ScopeKind,
    string? Category,
    string? Window,
    string Rule)
{
    /// <summary>A field named by an override: no role of its own.</summary>
    public static FieldReading Unclassified(Field field) => new(field, FieldRole.None, false, "", QuotaScopeModel.Account, null, null, "override");

    public ValueSource Source => Field.Source;
}
