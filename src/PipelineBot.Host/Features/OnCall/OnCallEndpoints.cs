using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Text;
using PipelineBot.Host.Api;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Features.OnCall;

internal static class OnCallEndpoints
{
    public static IEndpointRouteBuilder MapOnCall(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/oncall", GetOnCall);
        return app;
    }

    private static async Task<Results<Ok<OnCallDto>, ProblemHttpResult>> GetOnCall(
        string? at, string? pipeline, ScheduleService schedule, Catalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        var query = new Query();
        var instant = query.InstantOrNow("at", at, Instant.FromDateTimeOffset(time.GetUtcNow()));
        Pipeline? found = null;
        if (pipeline is not null)
        {
            found = catalog.FindPipeline(pipeline);
            if (found is null)
            {
                var nearest = Similarity.Nearest(pipeline, catalog.Pipelines.Select(p => p.Id));
                query.Fail($"'pipeline' is '{pipeline}', which is not a pipeline of the catalog" + (nearest.Count > 0 ? $" (did you mean {string.Join(", ", nearest.Select(n => $"'{n}'"))}?)" : "."));
            }
        }

        if (!query.IsValid || instant is not { } when)
        {
            return Problems.BadQuery(query.Errors);
        }

        var onCall = await schedule.OnCallAtAsync(when, cancellationToken);
        var zone = schedule.Zone;
        return TypedResults.Ok(new OnCallDto(
            MemberDto.From(catalog.Member(onCall.MemberId)),
            ShiftDto.From(onCall.Shift, zone),
            Wire.Instant(onCall.From, zone),
            Wire.Instant(onCall.Until, zone),
            onCall.Next is { } next ? new NextDto(MemberDto.From(catalog.Member(next.MemberId)), Wire.Instant(next.Span.Start, zone), Wire.Instant(next.Span.End, zone)) : null,
            found is null ? null : new PipelineOwnersDto(found.Id, MemberDto.From(catalog.Member(found.PrimaryOwner)), MemberDto.From(catalog.Member(found.SecondaryOwner)))));
    }
}

internal sealed record ShiftDto(string Start, string End, string Member, string Kind, string? Holiday)
{
    public static ShiftDto From(Shift shift, DateTimeZone zone) =>
        new(Wire.Instant(shift.Span.Start, zone), Wire.Instant(shift.Span.End, zone), shift.MemberId, Wire.Kind(shift.Kind), shift.Holiday);
}

internal sealed record PipelineOwnersDto(string Id, MemberDto PrimaryOwner, MemberDto SecondaryOwner);

/// <summary>Who takes over when the current stretch ends, and for how long.</summary>
internal sealed record NextDto(MemberDto Member, string Start, string End);

/// <param name="From">When the member's unbroken stretch on call began (it can span shifts and days).</param>
/// <param name="Until">When it ends: the next person's stretch starts then.</param>
internal sealed record OnCallDto(MemberDto Member, ShiftDto Shift, string From, string Until, NextDto? Next, PipelineOwnersDto? Pipeline);
