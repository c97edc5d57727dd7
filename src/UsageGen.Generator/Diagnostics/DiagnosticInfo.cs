using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using UsageGen.Generator.Model;

namespace UsageGen.Generator.Diagnostics;

/// <summary>
/// A diagnostic as data: id, spec path, spans and message arguments. <see cref="Location"/> is built only when
/// reporting, so the pipeline model stays equatable (and a moved error does not re-emit code).
/// </summary>
internal sealed record DiagnosticInfo(string Id, string Path, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn, EquatableArray<string> Args)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = DiagnosticDescriptors.ById(Id);
        var location = Location.Create(Path, new TextSpan(Start, Length),
            new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
        return Diagnostic.Create(descriptor, location, messageArgs: System.Linq.Enumerable.ToArray<object>(Args));
    }

    public override string ToString() => $"{Path}({StartLine + 1},{StartColumn + 1}): {Id} {string.Join(" | ", Args)}";
}

/// <summary>A place in a spec file: 0-based offsets, lines and columns.</summary>
internal readonly record struct SpecPosition(int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static readonly SpecPosition FileStart = new(0, 0, 0, 0, 0, 0);
}
