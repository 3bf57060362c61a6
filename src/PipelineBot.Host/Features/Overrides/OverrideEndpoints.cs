using NodaTime;
using PipelineBot.Domain.Rotation;
using PipelineBot.Host.Api;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Features.Overrides;

/// <summary>Manager overrides over HTTP: someone covers a span whatever the rotation says. Only managers may write.</summary>
internal static class OverrideEndpoints
{
    public static IEndpointRouteBuilder MapOverrides(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/overrides", async (OverrideService overrides, ShiftCalendar shifts, CancellationToken cancellationToken) =>
            TypedResults.Ok((await overrides.ActiveAsync(cancellationToken)).Select(o => OverrideDto.From(o, shifts))));

        app.MapGet("/api/overrides/{id:long}", async (long id, OverrideService overrides, ShiftCalendar shifts, CancellationToken cancellationToken) =>
            await overrides.FindAsync(id, cancellationToken) is { } found
                ? Results.Ok(OverrideDto.From(found, shifts))
                : Problems.NotFound($"There is no override #{id}."));

        var writes = app.MapGroup("/api/overrides").AddEndpointFilter<ActingMember>();
        writes.MapPost("/", Set);
        writes.MapDelete("/{id:long}", async (long id, HttpContext http, OverrideService overrides, ShiftCalendar shifts, CancellationToken cancellationToken) =>
            Answer(await overrides.CancelAsync(ActingMember.Of(http).Id, id, cancellationToken), shifts, created: false));
        return app;
    }

    private static async Task<IResult> Set(SetOverrideRequest? request, HttpContext http, OverrideService overrides, ShiftCalendar shifts, CancellationToken cancellationToken)
    {
        var query = new Query();
        var start = query.Instant("start", request?.Start);
        var end = query.Instant("end", request?.End);
        if (string.IsNullOrWhiteSpace(request?.Member))
        {
            query.Fail("'member' is required: the id of the member who covers.");
        }

        if (start is { } from && end is { } to && to <= from)
        {
            query.Fail("An override must end after it starts.");
        }

        if (!query.IsValid)
        {
            return Problems.BadQuery(query.Errors);
        }

        var result = await overrides.SetAsync(ActingMember.Of(http).Id, request!.Member!, new Interval(start!.Value, end!.Value), request.Reason ?? "", cancellationToken);
        return Answer(result, shifts, created: true);
    }

    private static IResult Answer(OverrideResult result, ShiftCalendar shifts, bool created) => result switch
    {
        { Succeeded: true, Override: { } set } when created => TypedResults.Created($"/api/overrides/{set.Id}", OverrideDto.From(set, shifts)),
        { Succeeded: true, Override: { } set } => TypedResults.Ok(OverrideDto.From(set, shifts)),
        _ => TypedResults.Problem(title: "The override was refused.", detail: result.Message, statusCode: result.Refusal switch
        {
            OverrideRefusal.NotManager => StatusCodes.Status403Forbidden,
            OverrideRefusal.NotFound => StatusCodes.Status404NotFound,
            _ => StatusCodes.Status400BadRequest,
        }),
    };
}

internal sealed record SetOverrideRequest(string? Member, string? Start, string? End, string? Reason);

internal sealed record OverrideDto(long Id, string Member, string Start, string End, string Reason, string SetBy)
{
    public static OverrideDto From(Override o, ShiftCalendar shifts) =>
        new(o.Id, o.MemberId, Wire.Instant(o.Span.Start, shifts.Zone), Wire.Instant(o.Span.End, shifts.Zone), o.Reason, o.SetBy);
}
