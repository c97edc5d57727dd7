using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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

        var document = Read(yaml, schemaType, dropped, diagnostics, cancellationToken);
        if (document is null) return null;

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
        // The references NSwag makes objects of: not those in example data or extensions (see ReferenceCheck).
        var expected = yaml.References.Count(r => OpenApiGrammar.KindAt(r.Key) != OpenApiKind.Other);
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

    /// <summary>How many unreadable values one spec may have left out before it is given up on.</summary>
    private const int MaxOmitted = 16;

    /// <summary>
    /// NSwag's document; a value NSwag cannot read (Newtonsoft names the path it was reading) is UG0019 at that line,
    /// left out, and the document read again, so the rest of the spec still generates.
    /// </summary>
    private static OpenApiDocument? Read(YamlDocument yaml, SchemaType schemaType, List<string> droppedRefs, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        var omitted = new List<string>();
        while (true)
        {
            try
            {
                return ReadDocument(yaml, schemaType, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                var (pointer, message) = Locate(e);
                // A path relative to a value NJsonSchema read again on its own: anchored where it first exists.
                if (pointer is { Length: > 0 } && !yaml.Has(pointer)) pointer = yaml.Anchor(pointer) ?? pointer;
                // Already left out: the fault is the object holding it, said once, there.
                while (pointer is { Length: > 0 } && omitted.Contains(pointer)) pointer = pointer.Substring(0, pointer.LastIndexOf('/'));
                if (pointer is { Length: > 0 } whole)
                    diagnostics.RemoveWhere(d => d.Id == DiagnosticDescriptors.UnreadableValue.Id && d.Args[1].StartsWith(whole + "/", StringComparison.Ordinal));
                if (pointer is not { Length: > 0 } || omitted.Count >= MaxOmitted)
                {
                    diagnostics.Add(DiagnosticDescriptors.NotOpenApi.Id, yaml.ValueAt(pointer ?? ""), message);
                    return null;
                }
                diagnostics.Add(DiagnosticDescriptors.UnreadableValue.Id, yaml.ValueAt(pointer), pointer, message);
                omitted.Add(pointer);
                yaml.Rewrite(droppedRefs, omitted);
            }
        }
    }

    /// <summary>Carries a document whose references are resolved out of NSwag's parse (see <see cref="ReadDocument"/>).</summary>
    private sealed class Resolved : Exception
    {
        public Resolved(OpenApiDocument document) => Document = document;

        public OpenApiDocument Document { get; }
    }

    /// <summary>
    /// The JSON pointer a reading failure names (Newtonsoft's "Path '...'", of this exception or one it wraps) and its
    /// message without Newtonsoft's own path and position (the diagnostic's location says where).
    /// </summary>
    internal static (string? Pointer, string Message) Locate(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is AggregateException) inner = inner.InnerException;
        var message = OneLine(inner.Message);
        for (var x = (Exception?)inner; x is not null; x = x.InnerException)
        {
            if (x is not Newtonsoft.Json.JsonException) continue;
            var text = OneLine(x.Message);
            var i = text.IndexOf(" Path '", StringComparison.Ordinal);
            if (i < 0) continue;
            var path = ReadQuoted(text, i + 7);
            if (path is null) continue;
            var shown = text.Substring(0, i).TrimEnd('.', ',');
            if (x != inner && message.Length > 0 && shown.IndexOf(message, StringComparison.Ordinal) < 0) shown += ": " + message;
            return (PointerOfPath(path), shown);
        }
        return (null, message);
    }

    /// <summary>The text from <paramref name="start"/> to the closing quote of Newtonsoft's <c>Path '...'</c>, which ends at "', line" or at the end.</summary>
    private static string? ReadQuoted(string text, int start)
    {
        var end = text.IndexOf("', line ", start, StringComparison.Ordinal);
        if (end < 0) end = text.EndsWith("'.", StringComparison.Ordinal) ? text.Length - 2 : text.EndsWith("'", StringComparison.Ordinal) ? text.Length - 1 : -1;
        return end >= start ? text.Substring(start, end - start) : null;
    }

    /// <summary>
    /// Newtonsoft's path (<c>paths['/x'].get.responses.200</c>, <c>a.b[0]</c>) as a JSON pointer
    /// (<c>/paths/~1x/get/responses/200</c>).
    /// </summary>
    internal static string PointerOfPath(string path)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.') { i++; continue; }
            if (c == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var name = new StringBuilder();
                i += 2;
                while (i < path.Length && !(path[i] == '\'' && i + 1 < path.Length && path[i + 1] == ']'))
                {
                    if (path[i] == '\\' && i + 1 < path.Length) i++;
                    name.Append(path[i++]);
                }
                i += 2;
                sb.Append('/').Append(YamlDocument.Escape(name.ToString()));
                continue;
            }
            if (c == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0) close = path.Length;
                sb.Append('/').Append(path, i + 1, close - i - 1);
                i = close + 1;
                continue;
            }
            var stop = i;
            while (stop < path.Length && path[stop] != '.' && path[stop] != '[') stop++;
            sb.Append('/').Append(YamlDocument.Escape(path.Substring(i, stop - i)));
            i = stop;
        }
        return sb.ToString();
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

    public void RemoveWhere(Predicate<DiagnosticInfo> match) => _items.RemoveAll(match);

    public bool HasErrors => _items.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

    public EquatableArray<DiagnosticInfo> ToArray() => _items.ToEquatableArray();
}
