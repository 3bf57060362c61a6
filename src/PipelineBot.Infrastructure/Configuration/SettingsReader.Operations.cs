using NodaTime;

using PipelineBot.Domain.Sla;

namespace PipelineBot.Infrastructure.Configuration;

internal sealed partial class SettingsReader
{
    private TradeSettings? ReadTrades() =>
        PositiveDuration(options.Trades.OfferLifetime, $"{Root}:Trades:OfferLifetime") is { } lifetime ? new TradeSettings(lifetime) : null;

    private SlaPolicy? ReadSla()
    {
        const string section = $"{Root}:Sla";
        if (options.Sla is not { } sla)
        {
            Problem(section, "the section is missing");
            return null;
        }

        var ack = PositiveDuration(sla.AckTimeout, $"{section}:AckTimeout");
        var reminder = PositiveDuration(sla.ReminderBefore, $"{section}:ReminderBefore");
        if (ack is not null && reminder >= ack)
        {
            Problem($"{section}:ReminderBefore", $"{sla.ReminderBefore} is not shorter than AckTimeout ({sla.AckTimeout}): the reminder must go out before the deadline");
            reminder = null;
        }

        var resolve = PositiveDuration(sla.ResolveTimeout, $"{section}:ResolveTimeout");
        var deadline = Time(sla.DataDeadline, $"{section}:DataDeadline");
        var deadlineZone = Zone(sla.DataDeadlineTimeZone, $"{section}:DataDeadlineTimeZone");
        var stakeholderDelay = PositiveDuration(sla.StakeholderDelay, $"{section}:StakeholderDelay");
        var contactDelay = PositiveDuration(sla.ExternalContactDelay, $"{section}:ExternalContactDelay");
        var maxDropped = Percent(sla.MaxDroppedPercent, $"{section}:MaxDroppedPercent", zeroAllowed: true);
        var availability = Percent(sla.AvailabilityPercent, $"{section}:AvailabilityPercent", zeroAllowed: false);
        if (ack is null || reminder is null || resolve is null || deadline is null || deadlineZone is null
            || stakeholderDelay is null || contactDelay is null || maxDropped is null || availability is null)
        {
            return null;
        }

        return new SlaPolicy(ack.Value, reminder.Value, resolve.Value, deadline.Value, deadlineZone, stakeholderDelay.Value, contactDelay.Value, maxDropped.Value, availability.Value);
    }

    private BusinessHours? ReadBusinessHours()
    {
        const string section = $"{Root}:BusinessHours";
        if (options.BusinessHours is not { } hours)
        {
            Problem(section, "the section is missing");
            return null;
        }

        var zone = Zone(hours.TimeZone, $"{section}:TimeZone");
        var days = Days(hours.Days, $"{section}:Days");
        var start = Time(hours.Start, $"{section}:Start");
        var end = Optional(hours.End) == "24:00" ? LocalTime.Midnight : Time(hours.End, $"{section}:End");
        var endsAtEndOfDay = end == LocalTime.Midnight;
        if (start is not null && end is not null && !endsAtEndOfDay && start >= end)
        {
            Problem($"{section}:Start", $"{hours.Start} is not before End ({hours.End}); write 24:00 for the end of the day");
            return null;
        }

        return zone is null || days is null || start is null || end is null ? null : new BusinessHours(zone, days, start.Value, end.Value);
    }

    /// <summary>Days and ranges of days, e.g. "Mon-Fri", "Mon,Wed,Fri", "Sat-Sun"; a range may wrap past Sunday ("Fri-Mon").</summary>
    private HashSet<IsoDayOfWeek>? Days(string? value, string key)
    {
        var text = Required(value, key);
        if (text is null)
        {
            return null;
        }

        var days = new HashSet<IsoDayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length > 2 || !DayNames.TryGetValue(ends[0], out var first) || !DayNames.TryGetValue(ends[^1], out var last))
            {
                Problem(key, $"'{text}' is not a list of days (e.g. Mon-Fri, Mon,Wed,Fri, Sat-Sun)");
                return null;
            }

            for (var day = first; ; day = day == IsoDayOfWeek.Sunday ? IsoDayOfWeek.Monday : day + 1)
            {
                days.Add(day);
                if (day == last)
                {
                    break;
                }
            }
        }

        return days;
    }

    private StorageSettings? ReadStorage()
    {
        const string section = $"{Root}:Storage";
        var provider = Named<StorageProvider>(options.Storage.Provider, $"{section}:Provider");
        var connectionString = Required(options.Storage.ConnectionString, $"{section}:ConnectionString");
        return provider is null || connectionString is null ? null : new StorageSettings(provider.Value, connectionString);
    }
}
