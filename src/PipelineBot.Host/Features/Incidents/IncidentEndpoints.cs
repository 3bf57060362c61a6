using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Incidents;
using PipelineBot.Host.Api;
using PipelineBot.Infrastructure.Incidents;

namespace PipelineBot.Host.Features.Incidents;

/// <summary><c>GET /api/incidents?state=open|all</c> and <c>GET /api/incidents/{id}</c>: incidents with their timelines.</summary>
internal static class IncidentEndpoints
{
    private const int Limit = 500;

    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/incidents", async (string? state, IncidentService incidents, CancellationToken cancellationToken) =>
        {
            if (state is not (null or "open" or "all"))
            {
                return Problems.BadQuery([$"'state' is '{state}'; it must be \"open\" (the default) or \"all\"."]);
            }

            var found = await incidents.ListAsync(openOnly: state != "all", Limit, cancellationToken);
            return Results.Ok(found.Select(IncidentDto.From));
        });

        app.MapGet("/api/incidents/{id}", async (string id, IncidentService incidents, CancellationToken cancellationToken) =>
            IncidentNames.TryParseId(id, out var number) && await incidents.FindAsync(number, cancellationToken) is { } details
                ? Results.Ok(IncidentDto.From(details))
                : Problems.NotFound($"There is no incident '{id}'."));
        return app;
    }
}

internal sealed record TimelineDto(string At, string Actor, string Action, string Detail);

/// <summary>Who the incident was handed to (the member), as which expert (<c>mapping</c> or <c>implementation</c>), since when.</summary>
internal sealed record ExpertDto(string Member, string Area, string Since);

internal sealed record IncidentDto(
    string Id,
    long Number,
    string Pipeline,
    string RunId,
    string Kind,
    string State,
    string Summary,
    string OpenedAt,
    string AckDueAt,
    string ResolveDueAt,
    string? AcknowledgedAt,
    string? AcknowledgedBy,
    string? ResolvedAt,
    string? ResolvedBy,
    string? Resolution,
    bool Escalated,
    string? LinkedTo,
    IReadOnlyList<string> Linked,
    IReadOnlyList<TimelineDto> Timeline,
    ExpertDto? Expert)
{
    public static IncidentDto From(IncidentDetails details)
    {
        var i = details.Incident;
        return new IncidentDto(
            i.Name,
            i.Id,
            i.PipelineId,
            i.RunId,
            IncidentNames.Of(i.Kind),
            IncidentNames.Of(i.State),
            i.Summary,
            At(i.OpenedAt),
            At(i.AckDueAt),
            At(i.ResolveDueAt),
            i.AcknowledgedAt is { } acked ? At(acked) : null,
            i.AcknowledgedBy,
            i.ResolvedAt is { } resolved ? At(resolved) : null,
            i.ResolvedBy,
            i.Resolution,
            i.AckBreachedAt is not null || i.ResolveBreachedAt is not null,
            i.LinkedTo is { } parent ? IncidentNames.Id(parent) : null,
            [.. details.Linked.Select(l => l.Name)],
            [.. details.Timeline.Select(e => new TimelineDto(At(e.At), e.Actor, e.Action, e.Detail))],
            i is { Expert: { } expert, ExpertArea: { } area, ExpertSince: { } since } ? new ExpertDto(expert, Experts.NameOf(area), At(since)) : null);
    }

    private static string At(Instant instant) => InstantPattern.ExtendedIso.Format(instant);
}
