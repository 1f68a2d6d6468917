using System.Globalization;

namespace OrchestratorConsole.Benchmarks;

/// <summary>One figure of the console against its baseline measured in the same run, with the bound it must keep.</summary>
/// <param name="LowerIsBetter">True for times and memory (ratio at most the bound), false for rates (ratio at least the bound).</param>
internal sealed record RatioRow(string Figure, double Baseline, double Console, string Unit, double Bound, bool LowerIsBetter)
{
    public double Ratio => Console / Baseline;

    public bool WithinBound => LowerIsBetter ? Ratio <= Bound : Ratio >= Bound;
}

/// <summary>Prints the figures of a run as one Markdown table of ratios, the form docs/benchmarks.md quotes.</summary>
internal static class RatioTable
{
    public static void Print(IReadOnlyList<RatioRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine("| figure | baseline | console | ratio | bound | within |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var ratio = row.LowerIsBetter ? $"{row.Ratio:F2}×" : row.Ratio.ToString("P0", CultureInfo.InvariantCulture);
            var bound = row.LowerIsBetter ? $"≤ {row.Bound:F1}×" : $"≥ {row.Bound.ToString("P0", CultureInfo.InvariantCulture)}";
            Console.WriteLine($"| {row.Figure} | {Format(row.Baseline, row.Unit)} | {Format(row.Console, row.Unit)} | {ratio} | {bound} | {(row.WithinBound ? "yes" : "no")} |");
        }
    }

    private static string Format(double value, string unit) => unit switch
    {
        "s" => $"{value.ToString("F2", CultureInfo.InvariantCulture)} s",
        "ms" => $"{value.ToString("F0", CultureInfo.InvariantCulture)} ms",
        "MB" => $"{value.ToString("F2", CultureInfo.InvariantCulture)} MB",
        _ => $"{value.ToString("N0", CultureInfo.InvariantCulture)} {unit}",
    };
}
