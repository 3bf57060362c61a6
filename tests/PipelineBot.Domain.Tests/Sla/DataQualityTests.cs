using PipelineBot.Domain.Sla;

using static PipelineBot.Domain.Tests.Sla.SlaTime;

namespace PipelineBot.Domain.Tests.Sla;

public sealed class DataQualityTests
{
    private static readonly string[] Critical = ["transaction_id", "customer_id"];

    private static Dictionary<string, long> Nulls(params (string Field, long Count)[] counts) => counts.ToDictionary(c => c.Field, c => c.Count);

    [Fact]
    public void Drops_OfExactlyTheLimit_AreWithinTheSla()
    {
        var verdict = DataQuality.Check(40_000, 40, Nulls(), Critical, Policy());

        Assert.False(verdict.Breached);
        Assert.Equal(0.1m, verdict.DroppedPercent);
        Assert.Equal("0.1% of 40,000 records dropped (SLA ≤ 0.1%); no nulls in critical fields", verdict.Summary);
    }

    [Fact]
    public void Drops_JustOverTheLimit_BreachTheSla_AndTheSummaryShowsWhy()
    {
        var verdict = DataQuality.Check(1_000_000, 1_001, Nulls(), Critical, Policy());

        Assert.True(verdict.Breached);
        Assert.Equal(0.1001m, verdict.DroppedPercent);
        Assert.StartsWith("0.1001% of 1,000,000 records dropped", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Drops_OverTheLimitByLessThanRoundingShows_AreSummarisedInFull()
    {
        var verdict = DataQuality.Check(10_000_000, 10_001, null, [], Policy());

        Assert.True(verdict.Breached);
        Assert.Equal("0.10001% of 10,000,000 records dropped (SLA ≤ 0.1%)", verdict.Summary);
    }

    [Fact]
    public void Drops_AndANullInACriticalField_AreOneSentence()
    {
        var verdict = DataQuality.Check(40_000, 100, Nulls(("transaction_id", 3), ("customer_id", 0)), Critical, Policy());

        Assert.True(verdict.Breached);
        Assert.Equal(["transaction_id"], verdict.NullFields);
        Assert.Equal("0.25% of 40,000 records dropped (SLA ≤ 0.1%); nulls in critical field transaction_id (3)", verdict.Summary);
    }

    [Fact]
    public void Null_InANonCriticalField_IsIgnored()
    {
        var verdict = DataQuality.Check(40_000, 0, Nulls(("comment", 9_000)), Critical, Policy());

        Assert.False(verdict.Breached);
        Assert.Empty(verdict.NullFields);
    }

    [Fact]
    public void CriticalFields_MatchWhateverTheCase_AndAreNamedAsTheCatalogSpellsThem()
    {
        var verdict = DataQuality.Check(40_000, 0, Nulls(("Transaction_ID", 2), ("CUSTOMER_ID", 1)), Critical, Policy());

        Assert.True(verdict.Breached);
        Assert.Equal(["transaction_id", "customer_id"], verdict.NullFields);
        Assert.Equal("0% of 40,000 records dropped (SLA ≤ 0.1%); nulls in critical fields transaction_id (2), customer_id (1)", verdict.Summary);
    }

    [Fact]
    public void Drops_FromARunWithNoRecords_CannotBeWithinTheSla()
    {
        var none = DataQuality.Check(0, 5, null, Critical, Policy());
        var unknown = DataQuality.Check(null, 5, null, Critical, Policy());

        Assert.True(none.Breached);
        Assert.Null(none.DroppedPercent);
        Assert.Equal("5 records dropped from a run that reported 0 records (SLA ≤ 0.1%); null counts not reported", none.Summary);
        Assert.True(unknown.Breached);
        Assert.Null(unknown.DroppedPercent);
    }

    [Fact]
    public void MissingFigures_AreNotABreach()
    {
        var verdict = DataQuality.Check(null, null, null, Critical, Policy());

        Assert.False(verdict.Breached);
        Assert.Null(verdict.DroppedPercent);
        Assert.Equal("dropped records not reported; null counts not reported", verdict.Summary);
        Assert.False(DataQuality.Check(0, 0, Nulls(), Critical, Policy()).Breached);
        Assert.False(DataQuality.Check(null, 0, Nulls(), Critical, Policy()).Breached);
    }

    [Fact]
    public void NegativeCounts_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DataQuality.Check(10, -1, null, Critical, Policy()));
    }
}
