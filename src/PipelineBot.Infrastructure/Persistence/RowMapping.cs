using NodaTime;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Trades;

namespace PipelineBot.Infrastructure.Persistence;

/// <summary>Between stored rows and domain values.</summary>
internal static class RowMapping
{
    public static HolidayAssignment ToDomain(this HolidayAssignmentRow row) =>
        new(row.Holiday, row.Year, LocalDate.FromDateOnly(row.Date), row.MemberId);

    public static Override ToDomain(this OverrideRow row) =>
        new(row.Id, new Interval(Instant.FromUnixTimeTicks(row.Start), Instant.FromUnixTimeTicks(row.End)), row.MemberId, row.Reason, row.SetBy, Instant.FromUnixTimeTicks(row.SetAt));

    public static TradeOffer ToDomain(this TradeOfferRow row) => new(
        row.Id,
        Enum.Parse<TradeKind>(row.Kind),
        row.ProposerId,
        row.CounterpartyId,
        new HolidayInstance(row.OfferedHoliday, row.OfferedYear, LocalDate.FromDateOnly(row.OfferedDate)),
        row.RequestedHoliday is null ? null : new HolidayInstance(row.RequestedHoliday, row.RequestedYear!.Value, LocalDate.FromDateOnly(row.RequestedDate!.Value)),
        Instant.FromUnixTimeTicks(row.CreatedAt),
        Instant.FromUnixTimeTicks(row.ExpiresAt),
        Enum.Parse<TradeState>(row.State));
}
