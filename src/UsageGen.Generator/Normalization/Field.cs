using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// What a field can play in a usage response. <see cref="Credits"/> is a bare credit count (<c>query_credits</c>,
/// <c>planCredits</c>) whose role its quota decides: the limit when the quota has used or remaining but no limit,
/// else what is left.
/// </summary>
internal enum FieldRole { None, Used, Limit, Remaining, Rpm, Reset, Plan, Counter, Credits }

/// <summary>
/// The facts the rules read about one leaf of a usage response (a scalar or map in the body, or a header): its
/// name and description as words, its type, its parents and siblings. Built once by <see cref="FieldCollector"/>,
/// or by hand in tests.
/// </summary>
internal sealed class Field
{
    public Field(ValueSource source, string jsonName, string? description, IReadOnlyList<string> parentJsonNames,
        string? ownerType = null, bool isText = false, IReadOnlyList<string>? siblings = null, string? parentDescription = null,
        bool inArray = false)
    {
        Source = source;
        JsonName = jsonName;
        Description = description;
        ParentJsonNames = parentJsonNames;
        OwnerType = ownerType;
        IsHeader = source.Kind == ValueSourceKind.Header;
        Name = IsHeader ? Names.Words(jsonName).Where(w => w != Lexicon.HeaderPrefix).ToList() : Names.Words(jsonName);
        NameWords = new HashSet<string>(Name);
        IsText = isText || (Type.Kind == TypeRefKind.Primitive && Type.Primitive == PrimitiveKind.String);
        Siblings = siblings ?? System.Array.Empty<string>();
        ParentDescription = parentDescription;
        InArray = inArray;
    }

    // What is read from descriptions, parents and siblings is computed when a rule first asks: a body walk makes many
    // fields that the first rules already set aside (Stripe's 500 operations over its expandable objects).
    private HashSet<string>? _descriptionWords;
    private IReadOnlyList<List<string>>? _parents;
    private HashSet<string>? _siblingWords;
    private bool? _nullMeansUnlimited;
    private bool _sentinelRead;
    private string? _sentinel;
    private bool? _deprecated;

    public ValueSource Source { get; }
    public TypeRef Type => Source.Type;
    public string JsonName { get; }
    public string? Description { get; }
    /// <summary>The name's words, in order (a header's without its <c>x</c>).</summary>
    public IReadOnlyList<string> Name { get; }
    public HashSet<string> NameWords { get; }
    public HashSet<string> DescriptionWords => _descriptionWords ??= new HashSet<string>(Names.Words(Description));
    /// <summary>The JSON names of the objects above the field, outermost first.</summary>
    public IReadOnlyList<string> ParentJsonNames { get; }
    /// <summary>The parents' words, envelopes (<c>data</c>) left out.</summary>
    public IReadOnlyList<List<string>> Parents => _parents ??= ParentJsonNames.Select(Names.Words).Where(w => !IsEnvelope(w)).ToList();
    /// <summary>The generated type holding the property (null for a header).</summary>
    public string? OwnerType { get; }
    public bool IsHeader { get; }
    /// <summary>A body map: a per-key breakdown, never a figure.</summary>
    public bool IsMap => !IsHeader && Type.Kind == TypeRefKind.Map;
    /// <summary>A string or an (open) string enum.</summary>
    public bool IsText { get; }
    /// <summary>The description says a JSON null means unlimited.</summary>
    public bool NullMeansUnlimited => _nullMeansUnlimited ??= Description is not null && Lexicon.NullMeansUnlimited.IsMatch(Description);
    /// <summary>The value the description says means unlimited (<c>-1</c>), or null.</summary>
    public string? UnlimitedSentinel
    {
        get
        {
            if (!_sentinelRead)
            {
                _sentinel = Description is not null && Lexicon.SentinelMeansUnlimited.Match(Description) is { Success: true } m ? m.Groups["value"].Value : null;
                _sentinelRead = true;
            }
            return _sentinel;
        }
    }
    /// <summary>The JSON names of the other leaves (not objects) of the object holding this one (headers: the other headers).</summary>
    public IReadOnlyList<string> Siblings { get; }
    public HashSet<string> SiblingWords => _siblingWords ??= new HashSet<string>(Siblings.SelectMany(Names.Words));
    /// <summary>The description of the object holding the field, when the spec gives one.</summary>
    public string? ParentDescription { get; }
    /// <summary>Reached through the first element of an array (<c>tasks[0].result[0]</c>, <c>balance_infos[0]</c>).</summary>
    public bool InArray { get; }
    /// <summary>The field or its object is described as deprecated (Hunter's <c>calls</c>).</summary>
    public bool Deprecated => _deprecated ??= Names.Words(Description).Concat(Names.Words(ParentDescription)).Contains(Lexicon.Deprecated);

    public static bool IsEnvelope(List<string> words) => words.Count == 1 && Lexicon.Envelope.Contains(words[0]);

    /// <summary>The parents' JSON names without the envelopes, aligned with <see cref="Parents"/>.</summary>
    public IEnumerable<string> ScopedParentJsonNames => ParentJsonNames.Where(x => !IsEnvelope(Names.Words(x)));

    /// <summary>The words of the nearest parent that is not an envelope, or none.</summary>
    public IReadOnlyList<string> NearestParent => Parents.Count > 0 ? Parents[Parents.Count - 1] : System.Array.Empty<string>();

    public override string ToString() => Source.Display;
}

/// <summary>
/// A field as classified: its role, how sure, its scope, subject (<see cref="Category"/>, the words left after role,
/// unit, window, scope and noise), window and unit, and the rule that decided.
/// </summary>
internal sealed record FieldReading(
    Field Field,
    FieldRole Role,
    bool Weak,
    string Scope,
    QuotaScopeModel ScopeKind,
    string? Category,
    string? Window,
    string Rule,
    string? Unit = null,
    string? Label = null)
{
    /// <summary>A field named by an override: no role of its own.</summary>
    public static FieldReading Unclassified(Field field) => new(field, FieldRole.None, false, "", QuotaScopeModel.Account, null, null, "override");

    public ValueSource Source => Field.Source;

    /// <summary>The object path holding the field (its parents' JSON names); headers share one container.</summary>
    public string Container => Field.IsHeader ? "header:" : string.Join(".", Field.ParentJsonNames);
}
