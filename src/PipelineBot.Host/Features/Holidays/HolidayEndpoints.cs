using Microsoft.AspNetCore.Http.HttpResults;
using PipelineBot.Host.Api;
using PipelineBot.Infrastructure.Rotation;

namespace PipelineBot.Host.Features.Holidays;

internal static class HolidayEndpoints
{
    public static IEndpointRouteBuilder MapHolidays(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/holidays", GetHolidays);
        return app;
    }

    private static async Task<Results<Ok<IEnumerable<HolidayDto>>, ProblemHttpResult>> GetHolidays(
        string? year, ScheduleService schedule, CancellationToken cancellationToken)
    {
        var query = new Query();
        if (query.Year("year", year) is not { } y)
        {
            return Problems.BadQuery(query.Errors);
        }

        var holidays = await schedule.HolidaysAsync(y, cancellationToken);
        return TypedResults.Ok(holidays.Select(h => new HolidayDto(h.Name, Wire.Date(h.Date), h.MemberId, h.Published)));
    }
}

/// <summary>A holiday of the year and who holds its shift; <c>published</c> is false for years the plan has not reached yet (a preview).</summary>
internal sealed record HolidayDto(string Name, string Date, string? Member, bool Published);
