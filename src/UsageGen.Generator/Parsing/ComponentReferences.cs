using System;
using System.Collections.Generic;
using NJsonSchema;
using NJsonSchema.References;
using NSwag;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// Resolves an OpenAPI 3 document's <c>$ref</c>s when every one of them names a component
/// (<c>#/components/schemas/Name</c>, <c>#/components/parameters/Name</c>, ...), which is what NJsonSchema's own
/// resolution would give, without its two reflection walks over the whole document (the larger part of stage 2 on a
/// large spec). Anything else (a reference elsewhere, a component that is itself only a reference, discriminators, a
/// reference this walk does not reach) and nothing is changed: NJsonSchema resolves the document as before.
/// </summary>
internal sealed class ComponentReferences
{
    private readonly OpenApiDocument _document;
    private readonly HashSet<object> _visited = new(ReferenceComparer.Instance);
    private readonly List<IJsonReference> _holders = new();
    private bool _unsupported;

    private ComponentReferences(OpenApiDocument document) => _document = document;

    /// <summary>
    /// Sets <see cref="IJsonReference.Reference"/> on every reference holder and returns true, or changes nothing and
    /// returns false. <paramref name="expected"/> is how many <c>$ref</c>s the YAML holds: the walk must find them all.
    /// </summary>
    public static bool TryResolve(OpenApiDocument document, int expected)
    {
        try
        {
            var walk = new ComponentReferences(document);
            walk.VisitDocument();
            if (walk._unsupported || walk._holders.Count != expected) return false;
            var targets = new IJsonReference[walk._holders.Count];
            for (var i = 0; i < targets.Length; i++)
            {
                var holder = walk._holders[i];
                if (holder.Reference is not null || walk.Target(holder) is not { } target) return false;
                targets[i] = target;
            }
            for (var i = 0; i < targets.Length; i++) walk._holders[i].Reference = targets[i];
            return true;
        }
        catch (Exception e) when (e is InvalidCastException or InvalidOperationException or NotSupportedException or ArgumentException or NullReferenceException)
        {
            // An unexpected shape: leave it to NJsonSchema (nothing has been assigned before the last loop).
            return false;
        }
    }

    private IJsonReference? Target(IJsonReference holder)
    {
        const string prefix = "#/components/";
        var path = holder.ReferencePath;
        if (path is null || !path.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var slash = path.IndexOf('/', prefix.Length);
        if (slash < 0) return null;
        var name = path.Substring(slash + 1);
        if (name.Length == 0 || name.IndexOfAny(Special) >= 0) return null;
        var components = _document.Components;
        object? target = path.Substring(prefix.Length, slash - prefix.Length) switch
        {
            "schemas" => Lookup(components.Schemas, name),
            "parameters" => Lookup(components.Parameters, name),
            "responses" => Lookup(components.Responses, name),
            "requestBodies" => Lookup(components.RequestBodies, name),
            // Not "headers": NSwag reads components/headers as parameters, a header holder's type differs; NJsonSchema decides.
            "examples" => Lookup(components.Examples, name),
            "links" => Lookup(components.Links, name),
            _ => null,
        };
        if (target is not IJsonReference reference) return null;
        // Only the plain cases: a schema names a schema, a parameter a parameter of its own type, a response a response.
        if (holder is OpenApiParameter || holder is not JsonSchema)
            return target.GetType() == holder.GetType() ? reference : null;
        return target is JsonSchema && target is not OpenApiParameter ? reference : null;
    }

    private static readonly char[] Special = { '/', '~', '%', '#', '\\' };

    private static T? Lookup<T>(IDictionary<string, T>? map, string name) where T : class =>
        map is not null && map.TryGetValue(name, out var value) ? value : null;

    private bool First(object? value) => value is not null && _visited.Add(value);

    private void Holder(object value)
    {
        if (value is IJsonReference { ReferencePath: not null } reference) _holders.Add(reference);
    }

    private void VisitDocument()
    {
        foreach (var pair in _document.Paths) VisitPathItem(pair.Value);
        var c = _document.Components;
        if (c is null) return;
        if (c.Schemas is { } schemas)
            foreach (var pair in schemas)
            {
                // NJsonSchema inlines a component that is only a reference: not done here.
                if (pair.Value is IJsonReference { ReferencePath: not null }) _unsupported = true;
                VisitSchema(pair.Value);
            }
        if (c.Parameters is { } parameters) foreach (var pair in parameters) VisitSchema(pair.Value);
        if (c.Headers is { } headers) foreach (var pair in headers) VisitSchema(pair.Value);
        if (c.Responses is { } responses) foreach (var pair in responses) VisitResponse(pair.Value);
        if (c.RequestBodies is { } bodies) foreach (var pair in bodies) VisitRequestBody(pair.Value);
        if (c.Examples is { } examples) foreach (var pair in examples) VisitPlain(pair.Value);
        if (c.Links is { } links) foreach (var pair in links) VisitPlain(pair.Value);
        if (c.Callbacks is { Count: > 0 }) _unsupported = true;
    }

    private void VisitPlain(object? value)
    {
        if (First(value)) Holder(value!);
    }

    private void VisitPathItem(OpenApiPathItem? item)
    {
        if (!First(item)) return;
        Holder(item!);
        if (item!.Parameters is { } parameters) foreach (var p in parameters) VisitSchema(p);
        foreach (var pair in item) VisitOperation(pair.Value);
    }

    private void VisitOperation(OpenApiOperation? op)
    {
        if (!First(op)) return;
        if (op!.Parameters is { } parameters) foreach (var p in parameters) VisitSchema(p);
        VisitRequestBody(op.RequestBody);
        if (op.Responses is { } responses) foreach (var pair in responses) VisitResponse(pair.Value);
        if (op.Callbacks is { Count: > 0 }) _unsupported = true;
    }

    private void VisitRequestBody(OpenApiRequestBody? body)
    {
        if (!First(body)) return;
        Holder(body!);
        VisitContent(body!.Content);
    }

    private void VisitResponse(OpenApiResponse? response)
    {
        if (!First(response)) return;
        Holder(response!);
        if (response!.Headers is { } headers) foreach (var pair in headers) VisitSchema(pair.Value);
        VisitContent(response.Content);
        if (response.Links is { } links) foreach (var pair in links) VisitPlain(pair.Value);
        VisitSchema(response.Schema);
    }

    private void VisitContent(IDictionary<string, OpenApiMediaType>? content)
    {
        if (content is null) return;
        foreach (var pair in content)
        {
            var media = pair.Value;
            if (!First(media)) continue;
            VisitSchema(media.Schema);
            if (media.Examples is { } examples) foreach (var e in examples) VisitPlain(e.Value);
            if (media.Encoding is { Count: > 0 }) _unsupported = true;
        }
    }

    private void VisitSchema(JsonSchema? schema)
    {
        if (!First(schema)) return;
        Holder(schema!);
        var s = schema!;
        if (s.DiscriminatorObject is not null) _unsupported = true;
        VisitSchema(s.AdditionalItemsSchema);
        VisitSchema(s.AdditionalPropertiesSchema);
        VisitSchema(s.Item);
        foreach (var item in s.Items) VisitSchema(item);
        foreach (var item in s.AllOf) VisitSchema(item);
        foreach (var item in s.AnyOf) VisitSchema(item);
        foreach (var item in s.OneOf) VisitSchema(item);
        VisitSchema(s.Not);
        foreach (var pair in s.Properties) VisitSchema(pair.Value);
        foreach (var pair in s.PatternProperties) VisitSchema(pair.Value);
        foreach (var pair in s.Definitions)
        {
            if (pair.Value is IJsonReference { ReferencePath: not null }) _unsupported = true;
            VisitSchema(pair.Value);
        }
        if (s is OpenApiParameter p)
        {
            VisitSchema(p.Schema);
            if (p.Examples is { } examples) foreach (var e in examples) VisitPlain(e.Value);
        }
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();
        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);
        public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
