namespace PipelineBot.Infrastructure.Configuration;

// Scalars other than names are strings: the binder stops at the first value it cannot convert, and the checks want to report
// every bad value, each with its key.

/// <summary>The rotation (<c>PipelineBot:Rotation</c>): the zone shifts are counted in, and who is on the roster when.</summary>
public sealed class RotationOptions
{
    public const string Section = "PipelineBot:Rotation";

    public string? TimeZone { get; set; } = "UTC";

    /// <summary>ISO local date (yyyy-MM-dd) of the first rotation day.</summary>
    public string? Start { get; set; }

    public string? RotationDays { get; set; } = "7";

    public List<string> Roster { get; set; } = [];

    public List<RosterChangeOptions> Changes { get; set; } = [];
}

/// <summary>Either <see cref="Joins"/> or <see cref="Leaves"/> (optionally with <see cref="ReplacedBy"/>).</summary>
public sealed class RosterChangeOptions
{
    public string? Member { get; set; }

    public string? Joins { get; set; }

    public string? Leaves { get; set; }

    public string? ReplacedBy { get; set; }
}
