using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

using UsageGen.CommandLine;

namespace UsageGen.Cli;

/// <summary>
/// <c>usagegen generate &lt;spec&gt;... [-o file.cs | -o folder/]</c>: the generator's parse, model and emit stages without a
/// compilation, for looking at the C# a spec gives, checking a spec in CI, or timing the generator as a process.
/// Only in the JIT build: it needs the generator and NSwag / NJsonSchema / Newtonsoft.Json, which are not trim- or
/// NativeAOT-safe, so the NativeAOT binary (<c>-p:PublishAot=true</c>) leaves them out and says so.
/// </summary>
internal static class GenerateCommand
{
    /// <summary>Whether this build carries the generator (false in the NativeAOT build).</summary>
#if USAGEGEN_GENERATE
    public const bool IsAvailable = true;
#else
    public const bool IsAvailable = false;
#endif

    public const string NotInThisBuild =
        "usagegen: 'generate' is only in the JIT build of usagegen (the dotnet tool, or 'dotnet UsageGen.Cli.dll generate ...'): " +
        "the NativeAOT binary leaves the generator out because NSwag, NJsonSchema and Newtonsoft.Json are not trim- or AOT-safe.";

    public static Command Create()
    {
        var specs = new Argument<string[]>("spec")
        {
            Description = "OpenAPI 2.0/3.0 specs (YAML or JSON), or folders of them. Each becomes a provider, as in a build.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Where to write the C#: a file (every generated file concatenated) or a folder (ending in '/', or existing: one .g.cs per generated file). Default: stdout.",
            HelpName = "file|folder",
        };
        var catalogNamespace = new Option<string?>("--catalog-namespace")
        {
            Description = "The namespace of the generated UsageCatalog (as <UsageGenCatalogNamespace>). [default: UsageGen.Generated]",
            HelpName = "namespace",
        };
        var publicCatalog = new Option<bool>("--public-catalog")
        {
            Description = "Make UsageCatalog public (as <UsageGenCatalogPublic>true</UsageGenCatalogPublic>).",
        };
        var explain = new Option<bool>("--explain")
        {
            Description = "Print what normalization chose for each spec: a table of figure, field, rule and confidence (the C# goes only to -o).",
        };
        var command = new Command("generate",
            "Generates the C# (DTOs, client, usage adapter, catalog) for specs without a build and prints the diagnostics as " +
            "'path(line,col): severity UGxxxx: message' on stderr. Exit codes: 0 generated (warnings allowed), 1 an error diagnostic, " +
            "2 usage error (missing spec, bad option). Not in the NativeAOT binary.")
        {
            specs, output, catalogNamespace, publicCatalog, explain,
        };
        command.SetAction((parse, ct) =>
        {
            var config = parse.InvocationConfiguration;
            return Task.FromResult(Run(parse.GetValue(specs) ?? Array.Empty<string>(), parse.GetValue(output), parse.GetValue(catalogNamespace),
                parse.GetValue(publicCatalog), config.Output, config.Error, ct, parse.GetValue(explain)));
        });
        return command;
    }

#if USAGEGEN_GENERATE
    internal static int Run(IReadOnlyList<string> specArgs, string? output, string? catalogNamespace, bool publicCatalog,
        TextWriter stdout, TextWriter stderr, CancellationToken ct, bool explain = false)
    {
        if (catalogNamespace is not null && !Generator.Emit.CatalogEmitter.IsValidNamespace(catalogNamespace))
            return Usage(stderr, $"--catalog-namespace: '{catalogNamespace}' is not a C# namespace.");

        var specs = new List<(string Path, string Text)>();
        foreach (var arg in specArgs)
        {
            if (Directory.Exists(arg))
            {
                var found = SpecFiles.InFolder(arg)
                    .Select(f => (f, File.ReadAllText(f)))
                    .Where(s => Generator.UsageGenGenerator.LooksLikeOpenApi(s.Item2))
                    .ToList();
                if (found.Count == 0) return Usage(stderr, $"no OpenAPI spec (*.yaml, *.yml, *.json) in folder '{arg}'.");
                specs.AddRange(found);
            }
            else if (File.Exists(arg))
            {
                specs.Add((arg, File.ReadAllText(arg)));
            }
            else
            {
                return Usage(stderr, $"spec '{arg}' not found.");
            }
        }

        var result = SpecGeneration.Run(specs, catalogNamespace ?? SpecGeneration.DefaultCatalogNamespace, publicCatalog, ct);
        foreach (var d in result.Diagnostics) stderr.WriteLine(SpecGeneration.Format(d));

        var written = output is not null ? Write(output, result) : explain ? "" : WriteTo(stdout, result);
        if (explain) Explain.Write(stdout, result.Providers);
        var errors = result.Diagnostics.Count(d => SpecGeneration.Severity(d) == "error");
        var warnings = result.Diagnostics.Count(d => SpecGeneration.Severity(d) == "warning");
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"usagegen generate: {specs.Count} spec(s), {result.Sources.Count} file(s){written}; {errors} error(s), {warnings} warning(s)."));
        stderr.Flush();
        stdout.Flush();
        return errors > 0 ? CliCommand.ExitUnexpected : CliCommand.ExitOk;
    }

    private static string WriteTo(TextWriter stdout, GenerationResult result)
    {
        stdout.Write(Concatenate(result));
        return "";
    }

    private static string Write(string output, GenerationResult result)
    {
        var folder = output.EndsWith('/') || output.EndsWith(Path.DirectorySeparatorChar) || Directory.Exists(output);
        if (folder)
        {
            Directory.CreateDirectory(output);
            foreach (var source in result.Sources)
                File.WriteAllText(Path.Combine(output, source.HintName), source.Text, Utf8);
            return " written to folder " + output;
        }
        if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } parent) Directory.CreateDirectory(parent);
        File.WriteAllText(output, Concatenate(result), Utf8);
        return " written to " + output;
    }

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Every generated file in one compilable text: each keeps its own header, a separator names it.</summary>
    internal static string Concatenate(GenerationResult result)
    {
        var sb = new StringBuilder();
        sb.Append("// <auto-generated/>\n// usagegen generate: ").Append(result.Sources.Count.ToString(CultureInfo.InvariantCulture)).Append(" generated file(s) concatenated.\n");
        foreach (var source in result.Sources)
        {
            sb.Append("\n// ---- ").Append(source.HintName).Append(" ----\n");
            sb.Append(source.Text);
            if (!source.Text.EndsWith('\n')) sb.Append('\n');
        }
        return sb.ToString();
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine("usagegen generate: " + message);
        stderr.WriteLine("Run 'usagegen generate --help' for usage.");
        stderr.Flush();
        return CliCommand.ExitUsage;
    }
#else
    internal static int Run(IReadOnlyList<string> specArgs, string? output, string? catalogNamespace, bool publicCatalog,
        TextWriter stdout, TextWriter stderr, CancellationToken ct, bool explain = false)
    {
        stderr.WriteLine(NotInThisBuild);
        stderr.Flush();
        return CliCommand.ExitUsage;
    }
#endif
}
