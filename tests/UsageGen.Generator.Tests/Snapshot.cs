using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace UsageGen.Generator.Tests;

/// <summary>
/// Verify's workflow in one file: the expected text is a committed <c>Snapshots/NAME.verified.cs</c> beside the
/// tests; on a mismatch the actual text is written to <c>NAME.received.cs</c> and the test fails; run with
/// <c>USAGEGEN_ACCEPT_SNAPSHOTS=1</c> to accept. Versions are scrubbed so a release does not touch every snapshot.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "USAGEGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        Directory.CreateDirectory(folder);
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        var text = Scrub(actual);
        var accept = Environment.GetEnvironmentVariable(AcceptVariable) is "1" or "true";

        if (File.Exists(verified) && Normalize(File.ReadAllText(verified)) == Normalize(text))
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        if (accept)
        {
            File.WriteAllText(verified, text);
            if (File.Exists(received)) File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        throw new XunitException(File.Exists(verified)
            ? $"Snapshot '{name}' differs: compare {received} with {verified}; accept with {AcceptVariable}=1."
            : $"Snapshot '{name}' is new: review {received}; accept with {AcceptVariable}=1.");
    }

    private static readonly Regex Version = new(@"GeneratedCode\(""UsageGen"", ""[^""]+""\)", RegexOptions.Compiled);

    public static string Scrub(string text) => Version.Replace(text, "GeneratedCode(\"UsageGen\", \"{version}\")");

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd();
}
