using System.Collections.Generic;
using System.Linq;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Normalization;

/// <summary>
/// The leaves of an operation's success response: body scalars and maps (objects walked into, the object case of a
/// union too), then headers. With <c>arrays</c>, the first element of an array of objects is walked into as well:
/// some providers wrap the one record of a call in a list (DataForSEO's <c>tasks[0].result[0]</c>, DeepSeek's
/// <c>balance_infos[0]</c>); the stage asks for it only when nothing outside arrays is a figure.
/// </summary>
internal sealed class FieldCollector
{
    private readonly Dictionary<string, TypeModel> _types;

    public FieldCollector(ProviderModel model)
    {
        _types = new Dictionary<string, TypeModel>(System.StringComparer.Ordinal);
        foreach (var t in model.Types) _types[t.Name] = t;
    }

    public TypeModel? FindType(string name) => _types.TryGetValue(name, out var t) ? t : null;

    public List<Field> Collect(OperationModel op, bool arrays = false)
    {
        var fields = new List<Field>();
        _visits = 0;
        if (op.Success.Body is { } body)
        {
            if (body.Kind == TypeRefKind.Map)
            {
                // A body that is itself a map (Apollo's usage keyed by endpoint): one map field at the root.
                var source = new ValueSource(ValueSourceKind.Body, EquatableArray<PathStep>.Empty, null, body, "(body)");
                fields.Add(new Field(source, "", op.Success.Description, System.Array.Empty<string>()));
            }
            else
            {
                Walk(body, new List<PathStep>(), new List<string>(), fields, 0, arrays, null, false);
            }
        }
        var headerNames = op.Success.Headers.Select(h => h.Name).ToList();
        foreach (var header in op.Success.Headers)
            fields.Add(new Field(new ValueSource(ValueSourceKind.Header, EquatableArray<PathStep>.Empty, header.Name, header.Type, "header " + header.Name),
                header.Name, header.Description, System.Array.Empty<string>(), siblings: headerNames.Where(n => n != header.Name).ToList()));
        return fields;
    }

    // The types on the path being walked: a type that contains itself is walked once per path, not MaxDepth times;
    // and the objects visited per body are capped, so a wide schema (Node { a: Node, b: Node, ... }) stays small.
    private readonly HashSet<string> _onPath = new(System.StringComparer.Ordinal);
    private int _visits;

    private void Walk(TypeRef type, List<PathStep> steps, List<string> jsonNames, List<Field> fields, int depth, bool arrays,
        string? description, bool inArray)
    {
        if (depth > Weights.MaxDepth || type.Kind != TypeRefKind.Named || ++_visits > Weights.MaxVisits) return;
        var model = FindType(type.Name!);
        if (model is null) return;
        if (model.Kind == TypeModelKind.Union)
        {
            // oneOf object-or-error-string (Etherscan's result): the object case holds the figures.
            var objectCase = model.UnionCases.FirstOrDefault(c => c.Kind == JsonKind.Object && c.Type.Kind == TypeRefKind.Named);
            if (objectCase is null) return;
            var step = new PathStep("", "As" + objectCase.Name, true, PathStepKind.UnionCase);
            Walk(objectCase.Type, new List<PathStep>(steps) { step }, jsonNames, fields, depth + 1, arrays, description, inArray);
            return;
        }
        if (model.Kind != TypeModelKind.Object || !_onPath.Add(model.Name)) return;
        try
        {
            WalkProperties(model, steps, jsonNames, fields, depth, arrays, description, inArray);
        }
        finally
        {
            _onPath.Remove(model.Name);
        }
    }

    private void WalkProperties(TypeModel model, List<PathStep> steps, List<string> jsonNames, List<Field> fields, int depth, bool arrays,
        string? description, bool inArray)
    {
        // Siblings are the other leaves of the object: a sibling object (Shoal's budget) is not a figure beside this one.
        var siblings = model.Properties.Where(p => !(p.Type.Kind == TypeRefKind.Named && FindType(p.Type.Name!)?.Kind is TypeModelKind.Object or TypeModelKind.Union))
            .Select(p => p.JsonName).ToList();
        foreach (var p in model.Properties)
        {
            var path = new List<PathStep>(steps) { new(p.JsonName, p.Name, p.Type.Nullable) };
            var names = new List<string>(jsonNames) { p.JsonName };
            var t = p.Type;
            if (t.Kind == TypeRefKind.Named && FindType(t.Name!)?.Kind is TypeModelKind.Object or TypeModelKind.Union)
            {
                Walk(t, path, names, fields, depth + 1, arrays, p.Description ?? FindType(t.Name!)?.Description, inArray);
                continue;
            }
            if (t.Kind == TypeRefKind.Array)
            {
                if (arrays && t.Element is { Kind: TypeRefKind.Named } element && FindType(element.Name!)?.Kind is TypeModelKind.Object or TypeModelKind.Union)
                {
                    // An empty list has no first element: the step may always give null.
                    path.Add(new PathStep(PathStep.FirstElementName, "", true, PathStepKind.FirstElement));
                    Walk(element, path, names, fields, depth + 1, arrays, p.Description ?? FindType(element.Name!)?.Description, true);
                }
                continue;
            }
            var source = new ValueSource(ValueSourceKind.Body, path.ToEquatableArray(), null, t, Display(path));
            var isEnum = t.Kind == TypeRefKind.Named && FindType(t.Name!)?.Kind == TypeModelKind.Enum;
            fields.Add(new Field(source, p.JsonName, p.Description, jsonNames.ToList(), model.Name, isEnum,
                siblings.Where(s => s != p.JsonName).ToList(), description ?? model.Description, inArray));
        }
    }

    /// <summary><c>data.quota.used</c>, <c>tasks[0].result[0].money.balance</c>: JSON names, union cases left out.</summary>
    public static string Display(IEnumerable<PathStep> path)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var step in path)
        {
            switch (step.Kind)
            {
                case PathStepKind.UnionCase: continue;
                case PathStepKind.FirstElement: sb.Append(step.JsonName); continue;
                default:
                    if (sb.Length > 0) sb.Append('.');
                    sb.Append(step.JsonName);
                    break;
            }
        }
        return sb.ToString();
    }
}
