using System.Globalization;

namespace PipelineBot.Domain.Sla;

/// <summary>
/// The count checks a pipeline's runbook defines (seed 000: "checking counts and basic sanity checks where runbooks
/// define them"), each optional. Invariant: <see cref="MedianTolerancePercent"/>, when set, is not negative.
/// </summary>
/// <param name="RecordsAboveZero">A run that reports its records must have processed some.</param>
/// <param name="DroppedWithinSla">The dropped records stay within the data-quality SLA (which every run is held to; here it is named as the runbook's check).</param>
/// <param name="MedianTolerancePercent">A run's records lie within this many percent of the median of the last <see cref="CountChecks.History"/> successful runs.</param>
public sealed record PipelineChecks(bool RecordsAboveZero = false, bool DroppedWithinSla = false, decimal? MedianTolerancePercent = null)
{
    public static PipelineChecks None { get; } = new();

    public bool Any => RecordsAboveZero || DroppedWithinSla || MedianTolerancePercent is not null;
}

/// <summary>A count check a run failed, and its numbers in words: "records 0 (the runbook expects more than 0)".</summary>
public sealed record FailedCheck(string Check, string Detail);

/// <summary>
/// Runs a pipeline's count checks on a run's figures. Invariants: a figure the run did not report fails no check; a
/// value exactly at a limit passes (a dropped share at the SLA, records exactly N% from the median).
/// </summary>
public static class CountChecks
{
    /// <summary>How many earlier successful runs the median is taken over.</summary>
    public const int History = 7;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="earlier">The records of the pipeline's latest successful runs before this one, newest first; only the first <see cref="History"/> count.</param>
    public static IReadOnlyList<FailedCheck> Check(PipelineChecks checks, long? records, long? dropped, IReadOnlyList<long> earlier, SlaPolicy sla)
    {
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(earlier);
        var failed = new List<FailedCheck>();
        if (checks.RecordsAboveZero && records == 0)
        {
            failed.Add(new FailedCheck("records > 0", "the run processed 0 records"));
        }

        if (checks.DroppedWithinSla && DataQuality.Check(records, dropped, null, [], sla) is { DroppedOverLimit: true } verdict)
        {
            failed.Add(new FailedCheck($"dropped ≤ {Number(sla.MaxDroppedPercent)}%", verdict.Summary));
        }

        if (checks.MedianTolerancePercent is { } tolerance && records is { } count && Median(earlier.Take(History).ToList()) is { } median)
        {
            // |count − median| ≤ tolerance% of the median, in whole numbers times 100, so the boundary is exact.
            if (Math.Abs(count - median) * 100 > tolerance * median)
            {
                var off = median == 0 ? "above a median of 0" : $"{Number(Shown(Math.Abs(count - median) * 100 / median, tolerance))}% {(count < median ? "below" : "above")} the median";
                failed.Add(new FailedCheck(
                    $"records within ±{Number(tolerance)}% of the median of the last {History} successful runs",
                    $"{count.ToString("N0", Invariant)} records is {off} of the last {Math.Min(History, earlier.Count)} successful runs ({Number(median)})"));
            }
        }

        return failed;
    }

    /// <summary>A share past the tolerance to one decimal, or to as many as it takes to stay past it ("20.01% below", never "20% below" for ±20%).</summary>
    private static decimal Shown(decimal share, decimal tolerance) =>
        Enumerable.Range(1, 12).Select(decimals => decimal.Round(share, decimals, MidpointRounding.AwayFromZero)).FirstOrDefault(shown => shown > tolerance, share);

    /// <summary>The middle value, or the mean of the two middle ones; null for no values.</summary>
    public static decimal? Median(IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + (decimal)sorted[middle]) / 2;
    }

    /// <summary>The checks in words, for a pipeline's status: "records > 0; dropped ≤ 0.1%; records within ±20% of the median of the last 7 successful runs".</summary>
    public static string Describe(PipelineChecks checks, SlaPolicy sla) => string.Join("; ", new[]
    {
        checks.RecordsAboveZero ? "records > 0" : null,
        checks.DroppedWithinSla ? $"dropped ≤ {Number(sla.MaxDroppedPercent)}%" : null,
        checks.MedianTolerancePercent is { } t ? $"records within ±{Number(t)}% of the median of the last {History} successful runs" : null,
    }.OfType<string>());

    private static string Number(decimal value) => value.ToString("0.############", Invariant);
}
