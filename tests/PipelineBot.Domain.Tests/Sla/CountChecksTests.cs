using FsCheck;
using FsCheck.Fluent;

using PipelineBot.Domain.Sla;

using static PipelineBot.Domain.Tests.Sla.SlaTime;

namespace PipelineBot.Domain.Tests.Sla;

/// <summary>The runbook's count checks at their boundaries: exactly at a limit passes, one past it fails.</summary>
public sealed class CountChecksTests
{
    private static readonly PipelineChecks All = new(RecordsAboveZero: true, DroppedWithinSla: true, MedianTolerancePercent: 20);

    [Theory]
    [InlineData(0L, false)]
    [InlineData(1L, true)]
    public void Records_above_zero(long records, bool passes) =>
        Assert.Equal(passes, CountChecks.Check(All with { MedianTolerancePercent = null }, records, 0, [], Policy()).Count == 0);

    [Theory]
    [InlineData(10L, true)] // exactly 0.1% of 10,000
    [InlineData(11L, false)]
    public void Dropped_within_the_sla(long dropped, bool passes) =>
        Assert.Equal(passes, CountChecks.Check(All with { MedianTolerancePercent = null }, 10_000, dropped, [], Policy()).Count == 0);

    [Theory]
    [InlineData(1200L, true)] // exactly 20% above a median of 1,000
    [InlineData(1201L, false)]
    [InlineData(800L, true)] // exactly 20% below
    [InlineData(799L, false)]
    public void Records_within_the_tolerance_of_the_median_of_the_last_seven_successful_runs(long records, bool passes)
    {
        // Eight earlier runs: only the latest seven count, so the oldest (100) does not move the median.
        long[] earlier = [1000, 990, 1010, 1000, 1020, 980, 1000, 100];

        var failed = CountChecks.Check(All, records, 0, earlier, Policy());

        Assert.Equal(passes, failed.Count == 0);
        if (!passes)
        {
            var check = Assert.Single(failed);
            Assert.Equal("records within ±20% of the median of the last 7 successful runs", check.Check);
            Assert.StartsWith(records.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " records is 20.", check.Detail, StringComparison.Ordinal);
            Assert.EndsWith("the median of the last 7 successful runs (1000)", check.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void What_a_run_did_not_report_or_has_no_history_for_fails_no_check()
    {
        Assert.Empty(CountChecks.Check(All, null, null, [1000], Policy()));
        Assert.Empty(CountChecks.Check(All, 5, 0, [], Policy()));
        Assert.Empty(CountChecks.Check(PipelineChecks.None, 0, 9_999, [1000], Policy()));
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_middle_two() =>
        Assert.Equal(1005m, CountChecks.Median([1000, 1020, 1010, 990]));

    [Fact]
    public void A_run_at_the_median_passes_and_one_further_from_it_than_a_failing_one_fails()
    {
        var cases = from earlier in Gen.Choose(1, 1_000_000).Select(n => (long)n).ArrayOf().Where(a => a.Length is > 0 and <= 7)
                    from tolerance in Gen.Choose(0, 100)
                    from records in Gen.Choose(0, 2_000_000)
                    select (Earlier: earlier, Tolerance: (decimal)tolerance, Records: (long)records);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var checks = new PipelineChecks(MedianTolerancePercent: c.Tolerance);
            var median = CountChecks.Median(c.Earlier)!.Value;
            var atMedian = CountChecks.Check(checks, (long)decimal.Round(median), 0, c.Earlier, Policy());
            var passes = CountChecks.Check(checks, c.Records, 0, c.Earlier, Policy()).Count == 0;
            var further = c.Records < median ? c.Records - 1 : c.Records + 1;
            var furtherPasses = further >= 0 && CountChecks.Check(checks, further, 0, c.Earlier, Policy()).Count == 0;
            return (median != decimal.Round(median) || atMedian.Count == 0) && (passes || !furtherPasses);
        }));
    }
}
