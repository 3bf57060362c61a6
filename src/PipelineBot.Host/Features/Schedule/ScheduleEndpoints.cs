using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using PipelineBot.Host.Api;
using PipelineBot.Host.Features.OnCall;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Features.Schedule;

internal static class ScheduleEndpoints
{
    /// <summary>The longest range one request may ask for, in whole years.</summary>
    private const int MaxYears = 20;

    public static IEndpointRouteBuilder MapSchedule(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/schedule", GetSchedule);
        return app;
    }

    private static async Task<Results<Ok<IEnumerable<ShiftDto>>, ProblemHttpResult>> GetSchedule(
        string? from, string? to, ScheduleService schedule, CancellationToken cancellationToken)
    {
        var query = new Query();
        var first = query.Date("from", from);
        var last = query.Date("to", to);
        if (first is { } f && last is { } l)
        {
            if (l < f)
            {
                query.Fail($"'to' ({l:uuuu-MM-dd}) is before 'from' ({f:uuuu-MM-dd}).");
            }
            else if (Period.Between(f, l, PeriodUnits.Years).Years >= MaxYears)
            {
                query.Fail($"The range {f:uuuu-MM-dd} to {l:uuuu-MM-dd} is over 20 years; ask for 20 years or less.");
            }
        }

        if (!query.IsValid)
        {
            return Problems.BadQuery(query.Errors);
        }

        var zone = schedule.Zone;
        var shifts = await schedule.ShiftsAsync(first!.Value, last!.Value, cancellationToken);
        return TypedResults.Ok(shifts.Select(s => ShiftDto.From(s, zone)));
    }
}
