using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using UsageGen.TestSupport;

namespace UsageGen.Corpus.Tests;

/// <summary>One provider folder of the usage corpus (tests/corpus/usage/{train,holdout}/&lt;id&gt;, see CORPUS-FORMAT.md).</summary>
public sealed record CorpusCase(
    string Id,
    string Part,
    string SpecPath,
    string SpecText,
    string Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    Expected Expected)
{
    /// <summary>tests/corpus/usage in this repository.</summary>
    public static string CorpusRoot => Path.Combine(ConsumerCompilation.RepositoryRoot, "tests", "corpus", "usage");

    /// <summary>Every provider folder of <paramref name="part"/> under <paramref name="root"/>, ordered by id; none when the part does not exist yet.</summary>
    public static IReadOnlyList<CorpusCase> LoadPart(string root, string part)
    {
        var dir = Path.Combine(root, part);
        if (!Directory.Exists(dir)) return Array.Empty<CorpusCase>();
        return Directory.GetDirectories(dir)
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .Select(d => Load(d, part))
            .ToList();
    }

    public static CorpusCase Load(string folder, string part)
    {
        var id = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var specs = new[] { ".yaml", ".yml", ".json" }.Select(ext => Path.Combine(folder, id + ext)).Where(File.Exists).ToList();
        if (specs.Count != 1)
            throw new InvalidDataException($"{part}/{id}: expected exactly one spec named {id}.yaml or {id}.json, found {specs.Count}.");
        var headersPath = Path.Combine(folder, "headers.json");
        var headers = File.Exists(headersPath)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(headersPath))!.ToList()
            : new List<KeyValuePair<string, string>>();
        return new CorpusCase(id, part, Path.GetFullPath(specs[0]), File.ReadAllText(specs[0]),
            File.ReadAllText(Path.Combine(folder, "body.json")), headers,
            Expected.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")), $"{part}/{id}/expected.json"));
    }
}

/// <summary>How the key must travel: <c>in</c> = header | query | cookie | basic | bearer | none.</summary>
public sealed record ExpectedAuth(string In, string? Name, string? Format);

/// <summary>A headline figure's expected value: absent (null), a number, a string (plan), an instant, or "unlimited".</summary>
public sealed record ExpectedValue(decimal? Number = null, string? Text = null, DateTimeOffset? Instant = null, bool Unlimited = false)
{
    public override string ToString() =>
        Unlimited ? "unlimited"
        : Number is { } n ? n.ToString(CultureInfo.InvariantCulture)
        : Instant is { } i ? i.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
        : Text is { } t ? "\"" + t + "\""
        : "null";
}

/// <summary>expected.json, read strictly: a malformed expectation is an error of the corpus, not a wrong figure.</summary>
public sealed record Expected(
    string? Provider,
    string? UsageOperation,
    ExpectedAuth Auth,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> SentQuery,
    IReadOnlyDictionary<string, ExpectedValue?> Figures,
    string? Unit,
    string? Window)
{
    /// <summary>The six headline figures, in the order they are printed.</summary>
    public static readonly string[] FigureNames = { "plan", "creditsUsed", "creditsLimit", "creditsRemaining", "resetsAt", "requestsPerMinute" };

    public ExpectedValue? Figure(string name) => Figures.TryGetValue(name, out var v) ? v : null;

    public static Expected Parse(string json, string source)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var auth = root.TryGetProperty("auth", out var a) && a.ValueKind == JsonValueKind.Object
            ? new ExpectedAuth(Str(a, "in") ?? throw new InvalidDataException(source + ": auth.in is required"), Str(a, "name"), Str(a, "format"))
            : throw new InvalidDataException(source + ": auth is required");
        var figures = new Dictionary<string, ExpectedValue?>(StringComparer.Ordinal);
        if (root.TryGetProperty("figures", out var f))
        {
            foreach (var p in f.EnumerateObject())
            {
                if (!FigureNames.Contains(p.Name, StringComparer.Ordinal))
                    throw new InvalidDataException($"{source}: unknown figure '{p.Name}'");
                figures[p.Name] = Value(p.Name, p.Value, source);
            }
        }
        return new Expected(Str(root, "provider"), Str(root, "usageOperation"), auth,
            Map(root, "parameters"), Map(root, "sentQuery"), figures, Str(root, "unit"), Str(root, "window"));
    }

    private static ExpectedValue? Value(string name, JsonElement v, string source)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        switch (name)
        {
            case "plan" when v.ValueKind == JsonValueKind.String:
                return new ExpectedValue(Text: v.GetString());
            case "resetsAt" when v.ValueKind == JsonValueKind.String:
                return new ExpectedValue(Instant: DateTimeOffset.Parse(v.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime());
            case "creditsLimit" when v.ValueKind == JsonValueKind.String && v.GetString() == "unlimited":
                return new ExpectedValue(Unlimited: true);
            case "creditsUsed" or "creditsLimit" or "creditsRemaining" or "requestsPerMinute" when v.ValueKind == JsonValueKind.Number:
                return new ExpectedValue(Number: v.GetDecimal());
            default:
                throw new InvalidDataException($"{source}: figure '{name}' has a value of kind {v.ValueKind} it cannot have");
        }
    }

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyDictionary<string, string> Map(JsonElement o, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object)
            foreach (var p in v.EnumerateObject())
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return map;
    }
}
