namespace PipelineBot.Infrastructure.Configuration;

// Scalars other than names are strings: the binder stops at the first value it cannot convert, and the checks want to report
// every bad value, each with its key.

/// <summary>Trades of holiday shifts (<c>PipelineBot:Trades</c>).</summary>
public sealed class TradesOptions
{
    public const string Section = "PipelineBot:Trades";

    /// <summary>A TimeSpan, d.hh:mm:ss.</summary>
    public string? OfferLifetime { get; set; } = "7.00:00:00";
}

/// <summary>The SLA figures (<c>PipelineBot:Sla</c>).</summary>
public sealed class SlaOptions
{
    public const string Section = "PipelineBot:Sla";

    public string? AckTimeout { get; set; }

    public string? ReminderBefore { get; set; }

    public string? ResolveTimeout { get; set; }

    /// <summary>Local time of day, HH:mm, in <see cref="DataDeadlineTimeZone"/>.</summary>
    public string? DataDeadline { get; set; }

    public string? DataDeadlineTimeZone { get; set; } = "UTC";

    public string? StakeholderDelay { get; set; }

    public string? ExternalContactDelay { get; set; }

    public string? MaxDroppedPercent { get; set; }

    public string? AvailabilityPercent { get; set; }
}

/// <summary>The team's business hours (<c>PipelineBot:BusinessHours</c>), which the SLA's clocks count in.</summary>
public sealed class BusinessHoursOptions
{
    public const string Section = "PipelineBot:BusinessHours";

    public string? TimeZone { get; set; } = "UTC";

    /// <summary>Days and ranges, e.g. "Mon-Fri", "Mon,Wed,Fri", "Sat-Sun".</summary>
    public string? Days { get; set; }

    /// <summary>HH:mm.</summary>
    public string? Start { get; set; }

    /// <summary>HH:mm, or 24:00 for the end of the day.</summary>
    public string? End { get; set; }
}

/// <summary>The database (<c>PipelineBot:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "PipelineBot:Storage";

    /// <summary>Sqlite or Postgres.</summary>
    public string? Provider { get; set; } = "Sqlite";

    public string? ConnectionString { get; set; } = "Data Source=pipelinebot.db";
}
