using System.Collections.Generic;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Emit;

/// <summary>Writes one provider's C#, one file per kind of output: models, client and (when mapped) usage adapter.</summary>
internal sealed class ProviderEmitter
{
    public const string ToolName = ProviderConventions.ToolName;
    public static readonly string ToolVersion = ProviderConventions.ToolVersion;

    private readonly ProviderConventions _conventions;

    public ProviderEmitter(ProviderModel provider) => _conventions = new ProviderConventions(provider);

    public IEnumerable<(string HintName, string Source)> EmitAll()
    {
        var p = _conventions.Provider;
        yield return (p.Name + ".Models.g.cs", new ModelsWriter(_conventions).Write());
        yield return (p.Name + ".Client.g.cs", new ClientWriter(_conventions).Write());
        if (p.Usage is not null) yield return (p.Name + ".Usage.g.cs", new UsageAdapterWriter(_conventions, p.Usage).Write());
    }
}
