using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using NJsonSchema;
using NSwag;
using UsageGen.Generator.Diagnostics;
using UsageGen.Generator.Model;
using YamlDotNet.RepresentationModel;

namespace UsageGen.Generator.Parsing;

/// <summary>
/// Spec text to <see cref="ProviderSpec"/>: YAML with positions, NSwag's document model, then our records. Nothing
/// thrown escapes: every failure becomes a diagnostic at the spec's line and column.
/// </summary>
internal static class SpecParser
{
    public static ProviderSpec Parse(SpecInput input, CancellationToken cancellationToken = default)
    {
        var diagnostics = new DiagnosticBag(input.Path);
        try
        {
            var model = ParseCore(input, diagnostics, cancellationToken);
            return new ProviderSpec(model, diagnostics.ToArray());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            diagnostics.Add(DiagnosticDescriptors.InternalError.Id, SpecPosition.FileStart, e.GetType().Name + ": " + OneLine(e.Message));
            return new ProviderSpec(null, diagnostics.ToArray());
        }
    }

    private static ProviderModel? ParseCore(SpecInput input, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Text))
        {
            diagnostics.Add(DiagnosticDescriptors.EmptySpec.Id, SpecPosition.FileStart);
            return null;
        }

        var yaml = YamlDocument.TryParse(input.Text, out var yamlError, out var errorAt, out var limit);
        if (yaml is null)
        {
            diagnostics.Add(limit ? DiagnosticDescriptors.ReadingLimit.Id : DiagnosticDescriptors.InvalidDocument.Id, errorAt, yamlError ?? "unknown error");
            return null;
        }
        cancellationToken.ThrowIfCancellationRequested();

        if (yaml.Root is not YamlMappingNode root)
        {
            diagnostics.Add(DiagnosticDescriptors.NotOpenApi.Id, yaml.ValueAt(""), "the top level is not a mapping");
            return null;
        }

        var schemaType = SchemaType.OpenApi3;
        var openapi = Scalar(root, "openapi");
        var swagger = Scalar(root, "swagger");
        if (openapi is null && swagger is null)
        {
            diagnostics.Add(DiagnosticDescriptors.NotOpenApi.Id, yaml.ValueAt(""), "it has no 'openapi' (or 'swagger') version field");
            return null;
        }
        if (openapi is not null)
        {
            if (openapi.StartsWith("3.1", StringComparison.Ordinal))
                diagnostics.Add(DiagnosticDescriptors.PartialVersion.Id, yaml.ValueAt("/openapi"), openapi);
            else if (!openapi.StartsWith("3.0", StringComparison.Ordinal))
            {
                diagnostics.Add(DiagnosticDescriptors.UnsupportedVersion.Id, yaml.ValueAt("/openapi"), openapi);
                return null;
            }
        }
        else if (swagger != "2.0")
        {
            diagnostics.Add(DiagnosticDescriptors.UnsupportedVersion.Id, yaml.ValueAt("/swagger"), swagger!);
            return null;
        }
        else
        {
            schemaType = SchemaType.Swagger2;
        }

        var dropped = ReferenceCheck.Check(yaml, diagnostics);
        if (dropped.Count > 0) yaml.Rewrite(dropped);
        cancellationToken.ThrowIfCancellationRequested();

        OpenApiDocument document;
        try
        {
            document = ReadDocument(yaml, schemaType, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var (pointer, message) = Locate(e);
            diagnostics.Add(DiagnosticDescriptors.NotOpenApi.Id, pointer is null ? yaml.ValueAt("") : yaml.ValueAt(pointer), message);
            return null;
        }

        var builder = new ModelBuilder(input, yaml, document, diagnostics, cancellationToken);
        return builder.Build();
    }

    /// <summary>
    /// NSwag's document from the JSON. NSwag deserializes it, then hands us the document to make its reference
    /// resolver; when <see cref="ComponentReferences"/> can resolve every reference there (the usual case), we stop
    /// NSwag before its own resolution, two reflection walks over the whole document, by throwing
    /// <see cref="Resolved"/> with the document. Otherwise NSwag resolves as it always did.
    /// </summary>
    internal static OpenApiDocument ReadDocument(YamlDocument yaml, SchemaType schemaType, CancellationToken cancellationToken)
    {
        var expected = yaml.References.Count;
        try
        {
            return OpenApiDocument.FromJsonAsync(yaml.Json, null, schemaType, d =>
                {
                    if (schemaType == SchemaType.OpenApi3 && ComponentReferences.TryResolve(d, expected)) throw new Resolved(d);
                    return new LocalOnlyReferenceResolver(d);
                }, cancellationToken)
                .GetAwaiter().GetResult();
        }
        catch (Resolved r)
        {
            return r.Document;
        }
    }

    /// <summary>Carries a document whose references are resolved out of NSwag's parse (see <see cref="ReadDocument"/>).</summary>
    private sealed class Resolved : Exception
    {
        public Resolved(OpenApiDocument document) => Document = document;

        public OpenApiDocument Document { get; }
    }

    private static (string? Pointer, string Message) Locate(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is AggregateException) inner = inner.InnerException;
        var message = OneLine(inner.Message);
        string? pointer = null;
        if (inner is Newtonsoft.Json.JsonException && message.IndexOf("Path '", StringComparison.Ordinal) is var i and >= 0)
        {
            var end = message.IndexOf('\'', i + 6);
            if (end > i) pointer = "/" + message.Substring(i + 6, end - i - 6).Replace("['", "/").Replace("']", "").Replace('.', '/').Replace("[", "/").Replace("]", "");
        }
        return (pointer, message);
    }

    internal static string? Scalar(YamlMappingNode map, string key)
    {
        foreach (var pair in map.Children)
            if (pair.Key is YamlScalarNode k && k.Value == key)
                return (pair.Value as YamlScalarNode)?.Value;
        return null;
    }

    internal static string OneLine(string? s) =>
        string.Join(" ", (s ?? "").Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    /// <summary>Resolves only references inside the document: no file, no network.</summary>
    internal sealed class LocalOnlyReferenceResolver : JsonReferenceResolver
    {
        public LocalOnlyReferenceResolver(OpenApiDocument document)
            : base(new JsonSchemaAppender(document, new DefaultTypeNameGenerator()))
        {
        }

        public override System.Threading.Tasks.Task<NJsonSchema.References.IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"external reference '{filePath}' is not read");

        public override System.Threading.Tasks.Task<NJsonSchema.References.IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException($"external reference '{url}' is not read");
    }
}

/// <summary>Collects diagnostics for one spec, deduplicated.</summary>
internal sealed class DiagnosticBag
{
    private readonly string _path;
    private readonly List<DiagnosticInfo> _items = new();

    public DiagnosticBag(string path) => _path = path;

    public string FileName => System.IO.Path.GetFileName(_path);

    public void Add(string id, SpecPosition at, params string[] args)
    {
        var all = new string[args.Length + 1];
        all[0] = FileName;
        Array.Copy(args, 0, all, 1, args.Length);
        var info = new DiagnosticInfo(id, _path, at.Start, at.Length, at.StartLine, at.StartColumn, at.EndLine, at.EndColumn, all.ToEquatableArray());
        if (!_items.Contains(info)) _items.Add(info);
    }

    public bool HasErrors => _items.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

    public EquatableArray<DiagnosticInfo> ToArray() => _items.ToEquatableArray();
}
