namespace PipelineBot.Infrastructure.Configuration;

// Scalars other than names are strings: the binder stops at the first value it cannot convert, and the checks want to report
// every bad value, each with its key.

/// <summary>The holidays (<c>PipelineBot:Holidays</c>): their rules, and how the planner hands them out.</summary>
public sealed class HolidaysOptions
{
    public const string Section = "PipelineBot:Holidays";

    public List<HolidayRuleOptions> Rules { get; set; } = [];

    public string? RuleYears { get; set; } = "4";

    public string? PublishYearsAhead { get; set; } = "2";

    public List<HolidayHistoryOptions> History { get; set; } = [];
}

public sealed class HolidayRuleOptions
{
    public string? Name { get; set; }

    /// <summary>Fixed, NthWeekday, LastWeekday or Easter.</summary>
    public string? Kind { get; set; }

    public string? Month { get; set; }

    public string? Day { get; set; }

    public string? Weekday { get; set; }

    public string? Nth { get; set; }

    /// <summary>Days from Easter Sunday, for an Easter rule.</summary>
    public string? Offset { get; set; }

    /// <summary>None, NearestWeekday or NextMonday.</summary>
    public string? Observed { get; set; }

    public List<string> Aliases { get; set; } = [];

    /// <summary><c>false</c> when the team does not work that day: no data deadline, and the business-hours clocks skip it.</summary>
    public string? BusinessDay { get; set; }
}

/// <summary>Who held a holiday before the bot, so the 4-year rule sees it.</summary>
public sealed class HolidayHistoryOptions
{
    public string? Holiday { get; set; }

    public string? Year { get; set; }

    public string? Member { get; set; }
}
