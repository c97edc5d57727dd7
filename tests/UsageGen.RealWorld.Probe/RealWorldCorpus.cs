using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;

namespace UsageGen.RealWorld.Probe;

/// <summary>One public API description of the corpus: where it comes from (repository, path, commit) and what it is.</summary>
public sealed record CorpusDocument(string Id, string Repo, string Path, string Commit, string Sha256, long Bytes, string SpecVersion, string Format)
{
    public string FileName => Id + "." + Format;
}

/// <summary>
/// tests/corpus/realworld/manifest.json and the local cache its documents live in (never committed: they are third-party
/// files; tests/corpus/realworld/populate.sh downloads them by repository, path and commit and checks each sha256).
/// </summary>
public static class RealWorldCorpus
{
    /// <summary>Where the documents are: <c>USAGEGEN_REALWORLD_CACHE</c>, else /work/corpus-cache/realworld.</summary>
    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("USAGEGEN_REALWORLD_CACHE") is { Length: > 0 } folder ? folder : "/work/corpus-cache/realworld";

    public static string ManifestPath(string repositoryRoot) =>
        System.IO.Path.Combine(repositoryRoot, "tests", "corpus", "realworld", "manifest.json");

    public static IReadOnlyList<CorpusDocument> Read(string repositoryRoot) =>
        JsonSerializer.Deserialize<List<CorpusDocument>>(File.ReadAllText(ManifestPath(repositoryRoot)), Program.Json)
        ?? throw new InvalidDataException("empty manifest");

    public static string PathOf(CorpusDocument document) => System.IO.Path.Combine(CacheFolder, document.FileName);

    /// <summary>Why the cache cannot be used for <paramref name="document"/> (missing, or not the manifest's bytes), or null.</summary>
    public static string? Problem(CorpusDocument document)
    {
        var path = PathOf(document);
        if (!File.Exists(path)) return "missing: " + path;
        using var stream = File.OpenRead(path);
        var sha = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
        return sha == document.Sha256 ? null : $"sha256 {sha} is not the manifest's {document.Sha256}: {path}";
    }
}
