using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>The leaves of an operation's success response: body scalars and maps (objects walked into), then headers.</summary>
internal sealed class FieldCollector
{
    private readonly Dictionary<string, TypeModel> _types;

    public FieldCollector(ProviderModel model)
    {
        _types = new Dictionary<string, TypeModel>(System.StringComparer.Ordinal);
        foreach (var t in model.Types) _types[t.Name] = t;
    }

    public TypeModel? FindType(string name) => _types.TryGetValue(name, out var t) ? t : null;

    public List<Field> Collect(OperationModel op)
    {
        var fields = new List<Field>();
        if (op.Success.Body is { } body) Walk(body, new List<PathStep>(), new List<string>(), fields, 0);
        foreach (var header in op.Success.Headers)
            fields.Add(new Field(new ValueSource(ValueSourceKind.Header, EquatableArray<PathStep>.Empty, header.Name, header.Type, "header " + header.Name),
                header.Name, header.Description, System.Array.Empty<string>()));
        return fields;
    }

    private void Walk(TypeRef type, List<PathStep> steps, List<string> jsonNames, List<Field> fields, int depth)
    {
        if (depth > Weights.MaxDepth || type.Kind != TypeRefKind.Named) return;
        var model = FindType(type.Name!);
        if (model is null || model.Kind != TypeModelKind.Object) return;
        foreach (var p in model.Properties)
        {
            var path = new List<PathStep>(steps) { new(p.JsonName, p.Name, p.Type.Nullable) };
            var names = new List<string>(jsonNames) { p.JsonName };
            var t = p.Type;
            if (t.Kind == TypeRefKind.Named && FindType(t.Name!)?.Kind == TypeModelKind.Object)
            {
                Walk(t, path, names, fields, depth + 1);
                continue;
            }
            if (t.Kind == TypeRefKind.Array) continue;
            var source = new ValueSource(ValueSourceKind.Body, path.ToEquatableArray(), null, t, string.Join(".", names));
            var isEnum = t.Kind == TypeRefKind.Named && FindType(t.Name!)?.Kind == TypeModelKind.Enum;
            fields.Add(new Field(source, p.JsonName, p.Description, jsonNames.ToList(), model.Name, isEnum));
        }
    }
}
