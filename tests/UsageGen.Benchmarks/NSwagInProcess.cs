using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;

namespace UsageGen.Benchmarks;

/// <summary>
/// NSwag's own C# client generator, in this process: the assemblies of the NSwag.MSBuild tool folder (the same
/// <c>openapi2csclient</c> the build-time clients come from) in an isolated <see cref="AssemblyLoadContext"/>, so its
/// NSwag.Core / NJsonSchema / Fluid / Parlot versions do not meet ours (the NSwag.CodeGeneration.CSharp package itself
/// restores but fails at run time on a Fluid/Parlot mismatch). Called by reflection: YAML to <c>OpenApiDocument</c>
/// (NSwag.Core.Yaml), then <c>CSharpClientGenerator.GenerateFile()</c> with System.Text.Json.
/// </summary>
public sealed class NSwagInProcess
{
    private readonly MethodInfo _fromYaml;
    private readonly MethodInfo _fromJson;
    private readonly ConstructorInfo _generatorCtor;
    private readonly MethodInfo _generateFile;
    private readonly Type _settingsType;
    private readonly PropertyInfo _className;
    private readonly PropertyInfo _csharpSettings;
    private readonly PropertyInfo _namespace;
    private readonly PropertyInfo _jsonLibrary;
    private readonly object _systemTextJson;

    private NSwagInProcess(string toolDirectory)
    {
        var context = new ToolLoadContext(toolDirectory);
        var yaml = context.LoadFromAssemblyName(new AssemblyName("NSwag.Core.Yaml"));
        var csharp = context.LoadFromAssemblyName(new AssemblyName("NSwag.CodeGeneration.CSharp"));
        var njsCSharp = context.LoadFromAssemblyName(new AssemblyName("NJsonSchema.CodeGeneration.CSharp"));
        var core = context.LoadFromAssemblyName(new AssemblyName("NSwag.Core"));

        var yamlDocument = yaml.GetType("NSwag.OpenApiYamlDocument", throwOnError: true)!;
        _fromYaml = yamlDocument.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "FromYamlAsync")
            .OrderBy(m => m.GetParameters().Length)
            .First(m => m.GetParameters()[0].ParameterType == typeof(string));
        var documentType = core.GetType("NSwag.OpenApiDocument", throwOnError: true)!;
        _fromJson = documentType.GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.Name == "FromJsonAsync")
            .OrderBy(m => m.GetParameters().Length)
            .First(m => m.GetParameters()[0].ParameterType == typeof(string));
        _settingsType = csharp.GetType("NSwag.CodeGeneration.CSharp.CSharpClientGeneratorSettings", throwOnError: true)!;
        var generatorType = csharp.GetType("NSwag.CodeGeneration.CSharp.CSharpClientGenerator", throwOnError: true)!;
        _generatorCtor = generatorType.GetConstructor(new[] { documentType, _settingsType })
            ?? throw new MissingMethodException("CSharpClientGenerator(OpenApiDocument, CSharpClientGeneratorSettings)");
        _generateFile = generatorType.GetMethod("GenerateFile", Type.EmptyTypes) ?? throw new MissingMethodException("GenerateFile()");
        _className = _settingsType.GetProperty("ClassName")!;
        _csharpSettings = _settingsType.GetProperty("CSharpGeneratorSettings")!;
        _namespace = _csharpSettings.PropertyType.GetProperty("Namespace")!;
        _jsonLibrary = _csharpSettings.PropertyType.GetProperty("JsonLibrary")!;
        var libraryEnum = njsCSharp.GetType("NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary", throwOnError: true)!;
        _systemTextJson = Enum.Parse(libraryEnum, "SystemTextJson");
    }

    private static readonly Lazy<NSwagInProcess?> Shared = new(() =>
    {
        try { return new NSwagInProcess(BenchSpecs.Metadata("NSwagToolDirectory")); }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or MissingMethodException or ArgumentException)
        {
            LoadError = e.GetType().Name + ": " + e.Message;
            return null;
        }
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Null when the tool folder cannot be loaded (then <see cref="LoadError"/> says why).</summary>
    public static NSwagInProcess? Instance => Shared.Value;

    public static string? LoadError { get; private set; }

    /// <summary>Parses <paramref name="yaml"/> with NSwag.Core.Yaml and generates the client file, as <c>openapi2csclient</c> does.</summary>
    public string Generate(string yaml, string className, string @namespace) => Generate(yaml, className, @namespace, json: false);

    /// <summary>
    /// As <c>openapi2csclient</c> does for a <c>.json</c> input (<paramref name="json"/>: NSwag.Core's JSON reader) or any
    /// other (NSwag.Core.Yaml): parse, then generate the client file.
    /// </summary>
    public string Generate(string text, string className, string @namespace, bool json)
    {
        var document = json ? Parse(_fromJson, text) : ParseYaml(text);
        var settings = Activator.CreateInstance(_settingsType)!;
        _className.SetValue(settings, className);
        var csharp = _csharpSettings.GetValue(settings)!;
        _namespace.SetValue(csharp, @namespace);
        _jsonLibrary.SetValue(csharp, _systemTextJson);
        var generator = _generatorCtor.Invoke(new[] { document, settings });
        return (string)_generateFile.Invoke(generator, null)!;
    }

    /// <summary>NSwag.Core.Yaml's parse alone (the tool's own copy).</summary>
    public object ParseYaml(string yaml) => Parse(_fromYaml, yaml);

    private static object Parse(MethodInfo method, string text)
    {
        var args = method.GetParameters().Select((p, i) => i == 0 ? text : p.HasDefaultValue ? p.DefaultValue : null).ToArray();
        var task = (Task)method.Invoke(null, args)!;
        task.GetAwaiter().GetResult();
        return task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    private sealed class ToolLoadContext : AssemblyLoadContext
    {
        private readonly string _directory;

        public ToolLoadContext(string directory) : base("nswag-tool", isCollectible: false) => _directory = directory;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The tool's own copy of everything it ships; the framework (and anything it does not ship) from the default context.
            var path = Path.Combine(_directory, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
