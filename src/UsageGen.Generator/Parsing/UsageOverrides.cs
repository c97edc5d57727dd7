using System;
using System.Collections.Generic;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Model;
using UsageGen.Generator.Normalization;
using YamlDotNet.RepresentationModel;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// The <c>x-usagegen</c> extension: at the top level <c>provider</c> and <c>namespace</c>; on an operation
/// <c>usage</c> (true/false) and field choices (<c>plan</c>, <c>used</c>, <c>limit</c>, <c>remaining</c>,
/// <c>resetsAt</c>, <c>requestsPerMinute</c> as a dotted body path or <c>header:Name</c>, <c>unit</c>, <c>window</c>,
/// <c>unlimitedWhenNull</c>). Operation overrides become <see cref="OperationOverride"/> records for the normalization stage.
/// </summary>
internal sealed class UsageOverrides
{
    public static readonly string[] FieldKeys = { "plan", "used", "limit", "remaining", "resetsAt", "requestsPerMinute" };
    private static readonly HashSet<string> OperationKeys = new(StringComparer.Ordinal)
    {
        "usage", "plan", "used", "limit", "remaining", "resetsAt", "requestsPerMinute", "unit", "window", "unlimitedWhenNull", "scope",
    };

    public string? Provider { get; private set; }
    public SpecPosition? ProviderPosition { get; private set; }
    public string? Namespace { get; private set; }

    /// <summary>Per operation pointer (<c>/paths/~1key/get</c>), in spec order.</summary>
    public List<OperationOverride> Operations { get; } = new();

    public static UsageOverrides Read(YamlDocument yaml, DiagnosticBag diagnostics)
    {
        var result = new UsageOverrides();
        if (yaml.Root is not YamlMappingNode root) return result;
        if (Child(root, "x-usagegen") is { } top)
        {
            if (top is not YamlMappingNode topMap)
                diagnostics.Add(DiagnosticDescriptors.InvalidOverride.Id, yaml.ValueAt("/x-usagegen"), "at the top level must be a mapping with 'provider' and/or 'namespace'");
            else
            {
                foreach (var pair in topMap.Children)
                {
                    var key = (pair.Key as YamlScalarNode)?.Value;
                    var value = (pair.Value as YamlScalarNode)?.Value;
                    var at = yaml.ValueAt("/x-usagegen/" + YamlDocument.Escape(key ?? ""));
                    if (key == "provider") { result.Provider = value; result.ProviderPosition = at; }
                    else if (key == "namespace") result.Namespace = value;
                    else diagnostics.Add(DiagnosticDescriptors.InvalidOverride.Id, at, $"key '{key}' is not known at the top level (use 'provider', 'namespace')");
                }
            }
        }

        if (Child(root, "paths") is not YamlMappingNode paths) return result;
        foreach (var pathPair in paths.Children)
        {
            if (pathPair.Key is not YamlScalarNode pathKey || pathPair.Value is not YamlMappingNode item) continue;
            foreach (var opPair in item.Children)
            {
                if (opPair.Key is not YamlScalarNode methodKey || opPair.Value is not YamlMappingNode op) continue;
                if (Child(op, "x-usagegen") is not { } ext) continue;
                var pointer = "/paths/" + YamlDocument.Escape(pathKey.Value ?? "") + "/" + methodKey.Value;
                var extPointer = pointer + "/x-usagegen";
                if (ext is YamlScalarNode flag)
                {
                    result.Operations.Add(new OperationOverride(pointer, ParseBool(flag.Value), null, null, null, null, EquatableArray<FieldOverride>.Empty));
                    continue;
                }
                if (ext is not YamlMappingNode map)
                {
                    diagnostics.Add(DiagnosticDescriptors.InvalidOverride.Id, yaml.ValueAt(extPointer), "on an operation must be a mapping or true/false");
                    continue;
                }
                var o = new Builder();
                foreach (var pair in map.Children)
                {
                    var key = (pair.Key as YamlScalarNode)?.Value ?? "";
                    var valuePointer = extPointer + "/" + YamlDocument.Escape(key);
                    var at = yaml.ValueAt(valuePointer);
                    if (!OperationKeys.Contains(key))
                    {
                        diagnostics.Add(DiagnosticDescriptors.InvalidOverride.Id, yaml.KeyAt(valuePointer), $"key '{key}' is not known (use {string.Join(", ", OperationKeys)})");
                        continue;
                    }
                    var value = (pair.Value as YamlScalarNode)?.Value;
                    switch (key)
                    {
                        case "usage":
                            o.Usage = ParseBool(value);
                            if (o.Usage is null) diagnostics.Add(DiagnosticDescriptors.InvalidOverride.Id, at, "'usage' must be true or false");
                            break;
                        case "unlimitedWhenNull":
                            o.UnlimitedWhenNull = ParseBool(value);
                            if (o.UnlimitedWhenNull is null) diagnostics.Add(DiagnosticDescriptors.InvalidOverride.Id, at, "'unlimitedWhenNull' must be true or false");
                            break;
                        case "unit": o.Unit = value; break;
                        case "window": o.Window = value; break;
                        case "scope": o.Scope = value; break;
                        default:
                            var field = new FieldOverride(key, value, valuePointer);
                            var index = o.Fields.FindIndex(f => f.Key == key);
                            if (index >= 0) o.Fields[index] = field;
                            else o.Fields.Add(field);
                            break;
                    }
                }
                result.Operations.Add(new OperationOverride(pointer, o.Usage, o.UnlimitedWhenNull, o.Unit, o.Window, o.Scope, o.Fields.ToEquatableArray()));
            }
        }
        return result;
    }

    private static YamlNode? Child(YamlMappingNode map, string key)
    {
        foreach (var pair in map.Children)
            if (pair.Key is YamlScalarNode k && k.Value == key) return pair.Value;
        return null;
    }

    private sealed class Builder
    {
        public bool? Usage, UnlimitedWhenNull;
        public string? Unit, Window, Scope;
        public readonly List<FieldOverride> Fields = new();
    }

    private static bool? ParseBool(string? value) => value switch
    {
        "true" or "True" or "TRUE" or "yes" => true,
        "false" or "False" or "FALSE" or "no" => false,
        _ => null,
    };
}
