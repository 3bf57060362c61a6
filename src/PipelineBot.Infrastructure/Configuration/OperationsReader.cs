using NodaTime;

using PipelineBot.Domain.Sla;

namespace PipelineBot.Infrastructure.Configuration;

/// <summary>Checks the operational settings, each section on its own, and builds what the services take from them.</summary>
internal static class OperationsReader
{
    public static TradeSettings? ReadTrades(ConfigurationReader reader, TradesOptions trades) =>
        reader.PositiveDuration(trades.OfferLifetime, $"{TradesOptions.Section}:OfferLifetime") is { } lifetime ? new TradeSettings(lifetime) : null;

    public static WebLinks? ReadWeb(ConfigurationReader reader, WebOptions web)
    {
        var text = reader.Required(web.PublicUrl, $"{WebOptions.Section}:PublicUrl");
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            reader.Problem($"{WebOptions.Section}:PublicUrl", $"'{text}' is not an absolute http or https URL");
            return null;
        }

        // A base without its trailing slash would drop its last segment when links are made relative to it.
        return new WebLinks(url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/"));
    }

    public static SlaPolicy? ReadSla(ConfigurationReader reader, SlaOptions sla)
    {
        const string section = SlaOptions.Section;
        if (!reader.Exists(section))
        {
            reader.Problem(section, "the section is missing");
            return null;
        }

        var ack = reader.PositiveDuration(sla.AckTimeout, $"{section}:AckTimeout");
        var reminder = reader.PositiveDuration(sla.ReminderBefore, $"{section}:ReminderBefore");
        if (ack is not null && reminder >= ack)
        {
            reader.Problem($"{section}:ReminderBefore", $"{sla.ReminderBefore} is not shorter than AckTimeout ({sla.AckTimeout}): the reminder must go out before the deadline");
            reminder = null;
        }

        var resolve = reader.PositiveDuration(sla.ResolveTimeout, $"{section}:ResolveTimeout");
        var deadline = reader.Time(sla.DataDeadline, $"{section}:DataDeadline");
        var deadlineZone = reader.Zone(sla.DataDeadlineTimeZone, $"{section}:DataDeadlineTimeZone");
        var stakeholderDelay = reader.PositiveDuration(sla.StakeholderDelay, $"{section}:StakeholderDelay");
        var contactDelay = reader.PositiveDuration(sla.ExternalContactDelay, $"{section}:ExternalContactDelay");
        var maxDropped = reader.Percent(sla.MaxDroppedPercent, $"{section}:MaxDroppedPercent", zeroAllowed: true);
        var availability = reader.Percent(sla.AvailabilityPercent, $"{section}:AvailabilityPercent", zeroAllowed: false);
        if (ack is null || reminder is null || resolve is null || deadline is null || deadlineZone is null
            || stakeholderDelay is null || contactDelay is null || maxDropped is null || availability is null)
        {
            return null;
        }

        return new SlaPolicy(ack.Value, reminder.Value, resolve.Value, deadline.Value, deadlineZone, stakeholderDelay.Value, contactDelay.Value, maxDropped.Value, availability.Value);
    }

    public static BusinessHours? ReadBusinessHours(ConfigurationReader reader, BusinessHoursOptions hours)
    {
        const string section = BusinessHoursOptions.Section;
        if (!reader.Exists(section))
        {
            reader.Problem(section, "the section is missing");
            return null;
        }

        var zone = reader.Zone(hours.TimeZone, $"{section}:TimeZone");
        var days = Days(reader, hours.Days, $"{section}:Days");
        var start = reader.Time(hours.Start, $"{section}:Start");
        var end = ConfigurationReader.Optional(hours.End) == "24:00" ? LocalTime.Midnight : reader.Time(hours.End, $"{section}:End");
        var endsAtEndOfDay = end == LocalTime.Midnight;
        if (start is not null && end is not null && !endsAtEndOfDay && start >= end)
        {
            reader.Problem($"{section}:Start", $"{hours.Start} is not before End ({hours.End}); write 24:00 for the end of the day");
            return null;
        }

        return zone is null || days is null || start is null || end is null ? null : new BusinessHours(zone, days, start.Value, end.Value);
    }

    /// <summary>Days and ranges of days, e.g. "Mon-Fri", "Mon,Wed,Fri", "Sat-Sun"; a range may wrap past Sunday ("Fri-Mon").</summary>
    private static HashSet<IsoDayOfWeek>? Days(ConfigurationReader reader, string? value, string key)
    {
        var text = reader.Required(value, key);
        if (text is null)
        {
            return null;
        }

        var days = new HashSet<IsoDayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length > 2 || !ConfigurationReader.DayNames.TryGetValue(ends[0], out var first) || !ConfigurationReader.DayNames.TryGetValue(ends[^1], out var last))
            {
                reader.Problem(key, $"'{text}' is not a list of days (e.g. Mon-Fri, Mon,Wed,Fri, Sat-Sun)");
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

    public static StorageSettings? ReadStorage(ConfigurationReader reader, StorageOptions storage)
    {
        const string section = StorageOptions.Section;
        var provider = reader.Named<StorageProvider>(storage.Provider, $"{section}:Provider");
        var connectionString = reader.Required(storage.ConnectionString, $"{section}:ConnectionString");
        return provider is null || connectionString is null ? null : new StorageSettings(provider.Value, connectionString);
    }
}
