using PipelineBot.Domain.Catalog;

namespace PipelineBot.Domain.Incidents;

/// <summary>
/// Which expert an incident outside runbook scope goes to (seed 000: "escalates issues to the appropriate expert roles";
/// seed 002: "mapping errors go back to BA; implementation errors fixed by ETL").
/// </summary>
public enum ExpertArea
{
    /// <summary>A mapping error: the Tech BA.</summary>
    Mapping,

    /// <summary>An implementation error: the ETL Developer.</summary>
    Implementation,
}

/// <summary>The people first-line support hands over to, and who may hand over.</summary>
public static class Experts
{
    public static string RoleOf(ExpertArea area) => area == ExpertArea.Mapping ? Roles.TechBa : Roles.EtlDeveloper;

    /// <summary>The role's name as the seeds write it.</summary>
    public static string TitleOf(ExpertArea area) => area == ExpertArea.Mapping ? "Tech BA" : "ETL Developer";

    /// <summary>The area's name on the wire and in chat: <c>mapping</c> or <c>implementation</c>.</summary>
    public static string NameOf(ExpertArea area) => area == ExpertArea.Mapping ? "mapping" : "implementation";

    /// <summary>What the area's problems are called: "a mapping error", "an implementation error".</summary>
    public static string ErrorOf(ExpertArea area) => area == ExpertArea.Mapping ? "a mapping error" : "an implementation error";

    public static ExpertArea? AreaOf(string? name) => name switch
    {
        "mapping" => ExpertArea.Mapping,
        "implementation" => ExpertArea.Implementation,
        _ => null,
    };

    /// <summary>The expert of <paramref name="area"/> in the catalog: the first member with its role; null when there is none.</summary>
    public static Member? Find(Catalog.Catalog catalog, ExpertArea area)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.WithRole(RoleOf(area)).FirstOrDefault();
    }

    /// <summary>
    /// Null when <paramref name="member"/> may hand an incident of <paramref name="pipeline"/> to an expert: the same
    /// people who may rerun it (<see cref="Responders"/>).
    /// </summary>
    public static string? WhyNotAllowed(Member member, Pipeline pipeline, string? onCallId) =>
        Responders.Includes(member, pipeline, onCallId)
            ? null
            : $"handing {pipeline.Name} incidents to an expert is for the person on call, its owners and operators (the Service Implementation Team)";
}
