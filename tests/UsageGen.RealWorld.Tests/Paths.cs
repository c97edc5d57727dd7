using System.Linq;
using System.Reflection;

namespace UsageGen.RealWorld.Tests;

/// <summary>Where the repository and the probe's build output are (written into this assembly by the project file).</summary>
public static class Paths
{
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>UsageGen.RealWorld.Probe.dll in its own output folder (beside its runtimeconfig and deps files).</summary>
    public static string Probe => Metadata("ProbePath");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;
}
