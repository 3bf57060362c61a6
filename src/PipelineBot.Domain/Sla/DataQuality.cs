using System.Globalization;

namespace PipelineBot.Domain.Sla;

/// <summary>
/// What a run's figures say about the data-quality SLA. Invariant: <see cref="Breached"/> holds exactly when the
/// dropped share is over the limit, records were dropped from a run that reported no records, or
/// <see cref="NullFields"/> is not empty; <see cref="DroppedPercent"/> is null when it cannot be worked out.
/// </summary>
/// <param name="DroppedPercent">Dropped records as a percentage of all records, unrounded.</param>
/// <param name="NullFields">The critical fields with nulls, spelled as the catalog spells them, in its order.</param>
/// <param name="Summary">One sentence for the incident card, e.g. "0.25% of 40,000 records dropped (SLA ≤ 0.1%)".</param>
public sealed record DataQualityVerdict(bool Breached, decimal? DroppedPercent, IReadOnlyList<string> NullFields, string Summary)
{
    /// <summary>Whether the dropped records alone break the SLA (the other breach is <see cref="NullFields"/>).</summary>
    public bool DroppedOverLimit { get; init; }
}

/// <summary>
/// Checks a run's record counts against the data-quality SLA (seed 003): at most <see cref="SlaPolicy.MaxDroppedPercent"/>
/// of records dropped (a share exactly at the limit is within it) and no nulls in the pipeline's critical fields.
/// Invariant: a figure the run did not report is never a breach by itself.
/// </summary>
public static class DataQuality
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="records">Records the run processed, if reported.</param>
    /// <param name="dropped">Records dropped or failing validation, if reported.</param>
    /// <param name="nullCritical">Null counts by field name, if reported; fields outside <paramref name="criticalFields"/> are ignored, names match case-insensitively.</param>
    /// <param name="criticalFields">The pipeline's critical fields from the catalog.</param>
    /// <param name="sla">The limits.</param>
    public static DataQualityVerdict Check(
        long? records, long? dropped, IReadOnlyDictionary<string, long>? nullCritical, IReadOnlyList<string> criticalFields, SlaPolicy sla)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(records ?? 0, nameof(records));
        ArgumentOutOfRangeException.ThrowIfNegative(dropped ?? 0, nameof(dropped));

        var parts = new List<string>();
        var limit = $"(SLA ≤ {Exact(sla.MaxDroppedPercent)}%)";
        decimal? percent = null;
        var droppedBreach = false;
        if (dropped is not { } lost)
        {
            parts.Add("dropped records not reported");
        }
        else if (records is > 0)
        {
            percent = lost * 100m / records.Value;
            droppedBreach = percent > sla.MaxDroppedPercent;
            parts.Add($"{Shown(percent.Value, sla.MaxDroppedPercent)}% of {Count(records.Value)} records dropped {limit}");
        }
        else if (lost > 0)
        {
            droppedBreach = true;
            var total = records is null ? "a run that did not report its record count" : "a run that reported 0 records";
            parts.Add($"{Count(lost)} records dropped from {total} {limit}");
        }
        else
        {
            parts.Add(records is null ? "no records dropped (record count not reported)" : "no records processed");
        }

        var nullFields = NullFields(nullCritical, criticalFields);
        if (criticalFields.Count > 0)
        {
            parts.Add(nullCritical is null ? "null counts not reported"
                : nullFields.Count == 0 ? "no nulls in critical fields"
                : $"nulls in critical field{(nullFields.Count == 1 ? "" : "s")} {string.Join(", ", nullFields.Select(f => $"{f.Field} ({Count(f.Nulls)})"))}");
        }

        return new DataQualityVerdict(droppedBreach || nullFields.Count > 0, percent, [.. nullFields.Select(f => f.Field)], string.Join("; ", parts))
        {
            DroppedOverLimit = droppedBreach,
        };
    }

    /// <summary>The critical fields with a null count above zero; a report that spells one field two ways counts both.</summary>
    private static List<(string Field, long Nulls)> NullFields(IReadOnlyDictionary<string, long>? nullCritical, IReadOnlyList<string> criticalFields)
    {
        if (nullCritical is null)
        {
            return [];
        }

        return
        [
            .. criticalFields
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(field => (Field: field, Nulls: nullCritical.Where(n => string.Equals(n.Key, field, StringComparison.OrdinalIgnoreCase) && n.Value > 0).Sum(n => n.Value)))
                .Where(f => f.Nulls > 0),
        ];
    }

    /// <summary>
    /// The share to four decimals, or in full where rounding would put it on the wrong side of the limit, so the
    /// sentence never reads "0.1% dropped (SLA ≤ 0.1%)" on a breach.
    /// </summary>
    private static string Shown(decimal percent, decimal max)
    {
        var rounded = decimal.Round(percent, 4, MidpointRounding.AwayFromZero);
        return Exact((rounded > max) == (percent > max) ? rounded : percent);
    }

    private static string Exact(decimal value) => value.ToString("0.############################", Invariant);

    private static string Count(long value) => value.ToString("N0", Invariant);
}
