namespace PipelineBot.Domain.Catalog;

/// <summary>A person the bot knows. The email is the key that joins one person across Teams, Slack and the web chat.</summary>
public sealed record Member(string Id, string Name, string Email, IReadOnlySet<string> Roles, string TimeZone, string? Title = null)
{
    public bool Has(string role) => Roles.Contains(role);
}

/// <summary>The role names the rules use (PRODUCT §1).</summary>
public static class Roles
{
    /// <summary>On the on-call rotation.</summary>
    public const string Member = "member";

    /// <summary>Service Implementation Team: runs runbooks and reruns, never changes models, mappings or business rules.</summary>
    public const string Operator = "operator";

    /// <summary>Data Engineering Manager: receives escalations and may set overrides.</summary>
    public const string Manager = "manager";

    /// <summary>Lead of a downstream team (Profit, Growth, Price): notified on SLA breaches.</summary>
    public const string Lead = "lead";

    public const string TechBa = "tech-ba";
    public const string EtlDeveloper = "etl-developer";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Member, Operator, Manager, Lead, TechBa, EtlDeveloper,
    };
}
