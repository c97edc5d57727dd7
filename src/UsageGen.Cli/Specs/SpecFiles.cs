using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace UsageGen.Cli;

/// <summary>Which files a spec argument names: a file itself, or a folder's <c>*.yaml</c>/<c>*.yml</c>/<c>*.json</c> in ordinal order.</summary>
internal static class SpecFiles
{
    public static readonly string[] Extensions = { ".yaml", ".yml", ".json" };

    /// <summary>The spec-like files of <paramref name="folder"/> (not its subfolders), ordered by path.</summary>
    public static IReadOnlyList<string> InFolder(string folder) =>
        Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
}
