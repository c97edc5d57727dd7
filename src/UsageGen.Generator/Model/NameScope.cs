using System;
using System.Collections.Generic;
using System.Globalization;
using UsageGen.Generator.Parsing;

namespace UsageGen.Generator.Model;

/// <summary>
/// Where every emitted name comes from (Mapperly's UniqueNameBuilder): a scope knows the names the emitter itself uses
/// there (its locals, the type's own and inherited members), and <see cref="New"/> hands out a name no other one in the
/// scope or its parents has, suffixing 2, 3... So a spec's <c>query</c>, <c>status</c>, <c>Type</c> or <c>read</c>
/// can never meet ours. The model builder takes type, member and parameter names from scopes made by the factories
/// below; the writers take their locals from a child scope of the method's parameters.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _used;
    private readonly NameScope? _parent;

    public NameScope(IEnumerable<string>? reserved = null, NameScope? parent = null)
    {
        _used = reserved is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(reserved, StringComparer.Ordinal);
        _parent = parent;
    }

    /// <summary>A child scope (a method inside a type, a lambda inside a method): sees this scope's names, adds its own.</summary>
    public NameScope Child(params string[] reserved) => new(reserved, this);

    /// <summary>Marks a name as taken without handing it out (a name the emitter writes as is).</summary>
    public NameScope Reserve(string name)
    {
        _used.Add(Bare(name));
        return this;
    }

    /// <summary>Gives a name back (a type that was claimed and then not generated).</summary>
    public void Release(string name) => _used.Remove(Bare(name));

    public bool IsTaken(string name)
    {
        var bare = Bare(name);
        for (var s = this; s is not null; s = s._parent)
            if (s._used.Contains(bare))
                return true;
        return false;
    }

    /// <summary>
    /// <paramref name="name"/>, or with the first free suffix 2, 3...; taken from now on. A keyword comes back verbatim
    /// (<c>@await</c>); <c>@x</c> and <c>x</c> are one name.
    /// </summary>
    public string New(string name) => New(name, null);

    /// <summary>
    /// As <see cref="New(string)"/>, also avoiding <paramref name="alsoAvoid"/>: the members a generated type declares,
    /// which its own name may not equal (CS0542).
    /// </summary>
    public string New(string name, IReadOnlyCollection<string>? alsoAvoid)
    {
        var bare = Bare(name);
        var candidate = bare;
        for (var i = 2; IsTaken(candidate) || (alsoAvoid is not null && Contains(alsoAvoid, candidate)); i++)
            candidate = bare + i.ToString(CultureInfo.InvariantCulture);
        _used.Add(candidate);
        return Verbatim(candidate);
    }

    private static bool Contains(IReadOnlyCollection<string> names, string name)
    {
        foreach (var n in names)
            if (string.Equals(n, name, StringComparison.Ordinal))
                return true;
        return false;
    }

    /// <summary>
    /// The first of <c>name</c>, <c>name2</c>... for which every one of <paramref name="forms"/> (such as
    /// <c>{0}Async</c> and <c>{0}WithResponseAsync</c>) is free; all the forms are taken from now on.
    /// </summary>
    public string NewFamily(string name, params string[] forms)
    {
        var bare = Bare(name);
        for (var i = 1; ; i++)
        {
            var candidate = i == 1 ? bare : bare + i.ToString(CultureInfo.InvariantCulture);
            var free = true;
            foreach (var form in forms)
                if (IsTaken(string.Format(CultureInfo.InvariantCulture, form, candidate))) { free = false; break; }
            if (!free) continue;
            foreach (var form in forms) _used.Add(string.Format(CultureInfo.InvariantCulture, form, candidate));
            return candidate;
        }
    }

    private static string Bare(string name) => name.Length > 0 && name[0] == '@' ? name.Substring(1) : name;

    /// <summary>The identifier as C# source spells it: a reserved or contextual keyword gets <c>@</c>.</summary>
    public static string Verbatim(string name) =>
        Names.IsKeyword(name) || ContextualKeywords.Contains(name) ? "@" + name : name;

    /// <summary>
    /// Contextual keywords that are not identifiers where generated code puts names: <c>await</c> in an async method,
    /// <c>yield</c> in an iterator, <c>nameof</c> that would turn our <c>nameof(x)</c> into a call. (The others, such as
    /// <c>var</c> or <c>from</c>, only mean something where we write no spec name.)
    /// </summary>
    private static readonly HashSet<string> ContextualKeywords = new(StringComparer.Ordinal) { "await", "yield", "nameof" };

    // ---- the names generated code itself uses, per kind of scope ----------------------------------------------------

    /// <summary>Members every class and struct inherits from <see cref="object"/>: a member of that name hides one (CS0108).</summary>
    public static readonly string[] ObjectMembers = { "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals" };

    /// <summary>A DTO class: what the models writer gives every object type besides its properties.</summary>
    public static readonly string[] ObjectTypeMembers = { "AdditionalProperties", "Read", "Write", "Parse", "ToJson", CodecField, ConverterClass };

    /// <summary>An open enum struct: its value, known test, reader/writer and equality members.</summary>
    public static readonly string[] EnumTypeMembers = { "Value", "IsKnown", "Known", "Read", "Write", "_value", CodecField, ConverterClass };

    /// <summary>A union class: its cases are named by JSON kind (<c>AsString</c>, <c>IsString</c>...), never by the spec.</summary>
    public static readonly string[] UnionTypeMembers =
    {
        "Read", "Write", "Parse", "ToJson", CodecField, ConverterClass, "AsString", "IsString", "AsNumber", "IsNumber", "AsInteger",
        "IsInteger", "AsBoolean", "IsBoolean", "AsObject", "IsObject", "AsArray", "IsArray",
    };

    /// <summary>What an enum struct declares (its own members and the object members it overrides): its name may be none of them.</summary>
    public static readonly string[] EnumTypeDeclares = Concat(EnumTypeMembers, ObjectMembers);

    private static string[] Concat(string[] a, string[] b)
    {
        var all = new string[a.Length + b.Length];
        a.CopyTo(all, 0);
        b.CopyTo(all, a.Length);
        return all;
    }

    /// <summary>The static field holding a generated type's JSON codec, which other generated code reads.</summary>
    public const string CodecField = "__Json";

    /// <summary>The private nested System.Text.Json converter of a generated type.</summary>
    public const string ConverterClass = "__Converter";

    /// <summary>A response class: what it inherits from <c>ApiResponse&lt;T&gt;</c>.</summary>
    public static readonly string[] ResponseMembers = { "Body", "StatusCode", "ReceivedAt", "Headers", "GetHeader", "RateLimit" };

    /// <summary>The client class: its own public members.</summary>
    public static readonly string[] ClientMembers = { "ProviderName", "DefaultServer", "BaseAddress", "SecuritySchemes" };

    /// <summary>The names a member of a generated type may not take: the type's own name (CS0542), ours, inherited ones.</summary>
    public static NameScope ForMembers(string typeName, string[] members)
    {
        var scope = new NameScope(ObjectMembers).Reserve(typeName);
        foreach (var m in members) scope.Reserve(m);
        return scope;
    }

    /// <summary>The flag the models writer adds next to a property whose null means unlimited: free among the type's members.</summary>
    public static string UnlimitedFlag(TypeModel owner, string propertyName)
    {
        var scope = ForMembers(owner.Name, ObjectTypeMembers);
        foreach (var p in owner.Properties) scope.Reserve(p.Name);
        return scope.New(propertyName + "IsUnlimited");
    }
}
