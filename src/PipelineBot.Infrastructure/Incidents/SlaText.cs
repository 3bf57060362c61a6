using NodaTime;
using PipelineBot.Domain.Incidents;

namespace PipelineBot.Infrastructure.Incidents;

/// <summary>SLA figures as people say them ("15 min", "3 h", "2 days"), shared by the audit trail and the notices.</summary>
public static class SlaText
{
    public static string Minutes(Duration d) => $"{d.TotalMinutes:0.#} min";

    public static string Hours(Duration d) => d.TotalHours < 1 ? Minutes(d) : $"{d.TotalHours:0.#} h";

    public static string Days(Duration d) => d.TotalDays < 1 ? Hours(d) : $"{d.TotalDays:0.#} days";

    /// <summary>Which SLA broke: "not acknowledged within 15 min of business hours", "not resolved within 3 h of detection".</summary>
    public static string Breach(Breach why, Duration limit) => why == Domain.Incidents.Breach.Ack
        ? $"not acknowledged within {Minutes(limit)} of business hours"
        : $"not resolved within {Hours(limit)} of detection";
}
