#if USAGEGEN_GENERATE
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Spectre.Console;
using UsageGen.Generator.Model;

namespace UsageGen.Cli;

/// <summary>
/// <c>usagegen generate --explain</c>: per spec, what normalization chose (the adapter's doc comment, as a table):
/// each headline figure with the field it is read from, the rule that chose it and how sure it is; then the other
/// quotas, breakdowns and filled parameters. Plain text (Spectre.Console, no colour), so it reads in a CI log.
/// </summary>
internal static class Explain
{
    public static void Write(TextWriter writer, IReadOnlyList<ProviderModel> providers)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        foreach (var p in providers)
        {
            if (p.Usage is not { } u)
            {
                writer.WriteLine($"{p.Name} ({p.SpecFileName}): no usage operation; the client is generated without an adapter (UG0007). Mark one with x-usagegen: {{ usage: true }}.");
                writer.WriteLine();
                continue;
            }
            writer.WriteLine($"{p.Name} ({p.SpecFileName}): {u.OperationDisplay}");
            var table = new Table().Border(TableBorder.Ascii).AddColumns("figure", "field", "rule", "confidence");
            foreach (var figure in Figures)
            {
                if (u.Explained.FirstOrDefault(e => e.Figure == figure) is { } e)
                    table.AddRow(Markup.Escape(e.Figure), Markup.Escape(e.Field), Markup.Escape(e.Rule), Confidence(e.Confidence));
                else if (figure == "creditsRemaining" && u.Quotas.Count > 0 && u.Quotas[0].Used is not null && u.Quotas[0].Limit is not null)
                    table.AddRow(figure, "-", "derived at run time: limit - used (flagged Derived)", "-");
                else
                    table.AddRow(figure, "-", figure == "requestsPerMinute" ? "rate-limit headers, when sent" : "not reported", "-");
            }
            console.Write(table);
            // The rest of the explanation: other quotas, breakdowns, counters and parameters the adapter fills.
            foreach (var line in u.Explanation.Where(l => !Headline(l)))
                writer.WriteLine("  " + line);
            writer.WriteLine();
        }
    }

    private static readonly string[] Figures = { "plan", "creditsUsed", "creditsLimit", "creditsRemaining", "resetsAt", "requestsPerMinute" };

    private static bool Headline(string line) => Figures.Any(f => line.StartsWith(f + " <- ", System.StringComparison.Ordinal));

    private static string Confidence(Generator.Model.Confidence c) => c switch
    {
        Generator.Model.Confidence.Override => "set by x-usagegen",
        Generator.Model.Confidence.High => "high",
        Generator.Model.Confidence.Medium => "medium",
        _ => "low",
    };
}
#endif
