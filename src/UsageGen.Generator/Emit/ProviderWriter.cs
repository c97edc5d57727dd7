using UsageGen.Generator.Model;

namespace UsageGen.Generator.Emit;

/// <summary>A writer of one kind of provider output: its conventions, and the short names every writer's code uses.</summary>
internal abstract class ProviderWriter
{
    protected static readonly string GeneratedCode = ProviderConventions.GeneratedCode;

    protected readonly ProviderConventions _c;
    protected readonly ProviderModel _p;
    protected readonly TypeNames _names;
    protected readonly string _access;

    protected ProviderWriter(ProviderConventions conventions)
    {
        _c = conventions;
        _p = conventions.Provider;
        _names = conventions.TypeNames;
        _access = conventions.Access;
    }

    /// <summary>The file's text.</summary>
    public abstract string Write();
}
