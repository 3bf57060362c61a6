using System.Globalization;

namespace PipelineBot.Domain.Incidents;

/// <summary>What opened an incident (PRODUCT §4): a failed run, a run that broke the data-quality SLA, or no data by the deadline.</summary>
public enum IncidentKind
{
    Failure,
    DataQuality,
    LateData,
}

/// <summary>Where an incident is in its life. It only moves forward: open → acknowledged → resolved (or open → resolved).</summary>
public enum IncidentState
{
    Open,
    Acknowledged,
    Resolved,
}

/// <summary>The names incidents go by on the wire and in chat: <c>INC-12</c>, kinds such as <c>data-quality</c>.</summary>
public static class IncidentNames
{
    public static string Id(long id) => string.Create(CultureInfo.InvariantCulture, $"INC-{id}");

    /// <summary>Reads <c>INC-12</c>, <c>inc12</c>, <c>#12</c> or <c>12</c>.</summary>
    public static bool TryParseId(string text, out long id)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = text.Trim().TrimStart('#');
        if (digits.StartsWith("INC", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[3..].TrimStart('-');
        }

        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    public static string Of(IncidentKind kind) => kind switch
    {
        IncidentKind.Failure => "failure",
        IncidentKind.DataQuality => "data-quality",
        _ => "late-data",
    };

    public static IncidentKind? KindOf(string text) => text switch
    {
        "failure" => IncidentKind.Failure,
        "data-quality" => IncidentKind.DataQuality,
        "late-data" => IncidentKind.LateData,
        _ => null,
    };

    public static string Of(IncidentState state) => state.ToString().ToLowerInvariant();
}
