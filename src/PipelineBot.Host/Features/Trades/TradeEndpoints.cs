using Microsoft.AspNetCore.Http.HttpResults;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Trades;
using PipelineBot.Host.Api;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Host.Features.Trades;

/// <summary>Holiday shift trades over HTTP, acting for the member named in the From header.</summary>
internal static class TradeEndpoints
{
    public static IEndpointRouteBuilder MapTrades(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/trades", async (TradeService trades, ShiftCalendar shifts, CancellationToken cancellationToken) =>
            TypedResults.Ok((await trades.OpenOffersAsync(cancellationToken)).Select(o => TradeDto.From(o, shifts))));

        app.MapGet("/api/trades/{id:long}", async (long id, TradeService trades, ShiftCalendar shifts, CancellationToken cancellationToken) =>
            await trades.FindAsync(id, cancellationToken) is { } offer
                ? Results.Ok(TradeDto.From(offer, shifts))
                : Problems.NotFound($"There is no trade offer #{id}."));

        var writes = app.MapGroup("/api/trades").AddEndpointFilter<ActingMember>();
        writes.MapPost("/", Propose);
        writes.MapPost("/{id:long}/accept", (long id, HttpContext http, TradeService trades, ShiftCalendar shifts, CancellationToken ct) =>
            Answer(trades.AcceptAsync(id, ActingMember.Of(http).Id, ct), shifts));
        writes.MapPost("/{id:long}/decline", (long id, HttpContext http, TradeService trades, ShiftCalendar shifts, CancellationToken ct) =>
            Answer(trades.DeclineAsync(id, ActingMember.Of(http).Id, ct), shifts));
        writes.MapPost("/{id:long}/withdraw", (long id, HttpContext http, TradeService trades, ShiftCalendar shifts, CancellationToken ct) =>
            Answer(trades.WithdrawAsync(id, ActingMember.Of(http).Id, ct), shifts));
        return app;
    }

    private static async Task<IResult> Propose(ProposeTradeRequest? request, HttpContext http, TradeService trades, Catalog catalog, ShiftCalendar shifts, CancellationToken cancellationToken)
    {
        var query = new Query();
        var offered = query.Date("offered", request?.Offered);
        var requested = request?.Requested is null ? null : query.Date("requested", request.Requested);
        if (catalog.FindMember(request?.Counterparty ?? "") is null)
        {
            query.Fail($"'counterparty' is '{request?.Counterparty}', which is not a member of the catalog.");
        }

        if (!query.IsValid)
        {
            return Problems.BadQuery(query.Errors);
        }

        var result = await trades.ProposeAsync(ActingMember.Of(http).Id, request!.Counterparty!, offered!.Value, requested, cancellationToken);
        return result.Succeeded
            ? TypedResults.Created($"/api/trades/{result.Offer!.Id}", TradeDto.From(result.Offer, shifts))
            : Refusal(result);
    }

    private static async Task<IResult> Answer(Task<TradeResult> pending, ShiftCalendar shifts)
    {
        var result = await pending;
        return result.Succeeded ? TypedResults.Ok(TradeDto.From(result.Offer!, shifts)) : Refusal(result);
    }

    private static ProblemHttpResult Refusal(TradeResult result) => TypedResults.Problem(
        title: "The trade was refused.",
        detail: result.Message,
        statusCode: result.Rule switch
        {
            TradeResult.UnknownOffer => StatusCodes.Status404NotFound,
            TradeDecision.NotYoursToAccept or TradeResult.NotYours => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        },
        extensions: new Dictionary<string, object?> { ["rule"] = result.Rule });
}

internal sealed record ProposeTradeRequest(string? Counterparty, string? Offered, string? Requested);

internal sealed record TradeDto(long Id, string Kind, string Proposer, string Counterparty, HolidayRef Offered, HolidayRef? Requested, string ExpiresAt, string State)
{
    public static TradeDto From(TradeOffer offer, ShiftCalendar shifts) => new(
        offer.Id,
        offer.Kind == TradeKind.Swap ? "swap" : "hand-over",
        offer.ProposerId,
        offer.CounterpartyId,
        HolidayRef.From(offer.Offered),
        offer.Requested is null ? null : HolidayRef.From(offer.Requested),
        Wire.Instant(offer.ExpiresAt, shifts.Zone),
        offer.State.ToString().ToLowerInvariant());
}

internal sealed record HolidayRef(string Name, int Year, string Date)
{
    public static HolidayRef From(Domain.Holidays.HolidayInstance instance) => new(instance.Name, instance.Year, Wire.Date(instance.Date));
}
