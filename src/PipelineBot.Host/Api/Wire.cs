using NodaTime;
using NodaTime.Text;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Host.Api;

// The JSON shapes of the HTTP API (PRODUCT §6). Instants are written with the offset of the team's time zone so a
// person can read them; dates are ISO 8601 dates.

internal sealed record MemberDto(string Id, string Name, string Email)
{
    public static MemberDto From(Member member) => new(member.Id, member.Name, member.Email);
}

internal static class Wire
{
    public static string Instant(Instant instant, DateTimeZone zone) =>
        OffsetDateTimePattern.Rfc3339.Format(instant.InZone(zone).ToOffsetDateTime());

    public static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    public static string Kind(Domain.Rotation.ShiftKind kind) => kind.ToString().ToLowerInvariant();
}
