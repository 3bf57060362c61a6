using FsCheck;
using FsCheck.Fluent;

using NodaTime;

using PipelineBot.Domain.Sla;

using static PipelineBot.Domain.Tests.Sla.SlaTime;

namespace PipelineBot.Domain.Tests.Sla;

public sealed class DataDeadlinesProperties
{
    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe"];

    private static readonly Arbitrary<(SlaPolicy Sla, BusinessHours Hours, Instant Now)> Cases =
        (from zone in Gen.Elements(Zones)
         from minute in Gen.Choose(0, (24 * 60) - 1)
         from mask in Gen.Choose(1, 127)
         from seconds in Gen.Choose(0, 20 * 366 * 24 * 60).Select(m => (long)m * 60)
         select (
             Policy(LocalTime.FromMinutesSinceMidnight(minute).ToString("HH:mm", null), zone),
             new BusinessHours(Zone("UTC"), new HashSet<IsoDayOfWeek>(Enumerable.Range(1, 7).Where(d => (mask & (1 << (d - 1))) != 0).Select(d => (IsoDayOfWeek)d)), LocalTime.Midnight, LocalTime.Midnight),
             Instant.FromUtc(2015, 1, 1, 0, 0) + Duration.FromSeconds(seconds))).ToArbitrary();

    [Fact]
    public void Now_LiesBetweenTheLastAndTheNextDeadline_WithNoDeadlineInBetween() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Cases, c =>
        {
            var last = DataDeadlines.LastDeadline(c.Now, c.Sla, c.Hours);
            var next = DataDeadlines.NextDeadline(c.Now, c.Sla, c.Hours);

            Assert.NotNull(last);
            Assert.True(last <= c.Now && c.Now < next);
            Assert.Equal(next, DataDeadlines.NextDeadline(last.Value, c.Sla, c.Hours));
            Assert.Contains(DataDeadlines.BusinessDayOf(next, c.Sla).DayOfWeek, c.Hours.Days);
            Assert.Equal(last, DataDeadlines.LastDeadline(next - Duration.Epsilon, c.Sla, c.Hours));
        }));
}
