using PipelineBot.Domain.Catalog;
using PipelineBot.Host.Api;

namespace PipelineBot.Host.Features.Pipelines;

internal static class PipelineEndpoints
{
    public static IEndpointRouteBuilder MapPipelines(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/pipelines", (Catalog catalog) => TypedResults.Ok(catalog.Pipelines.Select(p => PipelineDto.From(p, catalog))));
        return app;
    }
}

internal sealed record PipelineDto(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string Description,
    MemberDto PrimaryOwner,
    MemberDto SecondaryOwner,
    string? DownstreamTeam,
    IReadOnlyList<string> Upstream,
    IReadOnlyList<string> Downstream,
    string? DagId,
    IReadOnlyList<string> KnownIssues,
    IReadOnlyList<Procedure> StandardProcedures,
    IReadOnlyList<string> Preconditions)
{
    public static PipelineDto From(Pipeline p, Catalog catalog) => new(
        p.Id,
        p.Name,
        p.Aliases,
        p.Description,
        MemberDto.From(catalog.Member(p.PrimaryOwner)),
        MemberDto.From(catalog.Member(p.SecondaryOwner)),
        p.DownstreamTeam,
        p.Upstream,
        [.. catalog.Pipelines.Where(d => d.Upstream.Contains(p.Id, StringComparer.OrdinalIgnoreCase)).Select(d => d.Id)],
        p.Orchestrator?.DagId,
        p.KnownIssues,
        p.StandardProcedures,
        p.Preconditions);
}
