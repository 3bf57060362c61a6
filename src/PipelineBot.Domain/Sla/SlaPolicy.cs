using NodaTime;

namespace PipelineBot.Domain.Sla;

/// <summary>
/// The service level the incident clocks enforce (seed 003, "SLA"). Invariant: every duration is positive and the
/// ack reminder goes out strictly before the ack deadline; the configuration loader checks that before building one.
/// </summary>
/// <param name="AckTimeout">How long, in business hours, the on-call person has to acknowledge an incident.</param>
/// <param name="ReminderBefore">How long before the ack deadline the reminder goes out.</param>
/// <param name="ResolveTimeout">How long after detection a resolution or workaround is due.</param>
/// <param name="DataDeadline">The local time, in <paramref name="DataDeadlineZone"/>, by which each business day's data must be available.</param>
/// <param name="DataDeadlineZone">The zone the data deadline is read in.</param>
/// <param name="StakeholderDelay">A delay longer than this is told to every stakeholder.</param>
/// <param name="ExternalContactDelay">A delay of source data longer than this prompts contacting the pipeline's external contact.</param>
/// <param name="MaxDroppedPercent">The share of a run's records, in percent, that may be dropped or fail validation.</param>
/// <param name="AvailabilityPercent">The share of scheduled runs per month, in percent, that must succeed.</param>
public sealed record SlaPolicy(
    Duration AckTimeout,
    Duration ReminderBefore,
    Duration ResolveTimeout,
    LocalTime DataDeadline,
    DateTimeZone DataDeadlineZone,
    Duration StakeholderDelay,
    Duration ExternalContactDelay,
    decimal MaxDroppedPercent,
    decimal AvailabilityPercent);
