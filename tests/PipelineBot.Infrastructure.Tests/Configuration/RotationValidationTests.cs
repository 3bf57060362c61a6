using static PipelineBot.Infrastructure.Tests.Configuration.SampleConfiguration;

namespace PipelineBot.Infrastructure.Tests.Configuration;

// The shipped rotation starts 2026-01-05 with jasmine, miles, jackson, hudson.
public sealed class RotationValidationTests
{
    /// <summary>A fifth person with the member role who is not on the roster.</summary>
    private static readonly (string, string?)[] Ava =
    [
        ("PipelineBot:Members:11:Id", "ava"),
        ("PipelineBot:Members:11:Name", "Ava Stone"),
        ("PipelineBot:Members:11:Email", "ava.stone@example.com"),
        ("PipelineBot:Members:11:Roles:0", "member"),
    ];

    [Fact]
    public void RotationTimeZone_MustBeIana() =>
        AssertProblem(
            "PipelineBot:Rotation:TimeZone: 'Mars/Olympus' is not an IANA time zone id",
            With(("PipelineBot:Rotation:TimeZone", "Mars/Olympus")));

    [Fact]
    public void RosterMember_WithoutTheMemberRole_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Roster:2: 'de-manager' lacks the 'member' role",
            With(("PipelineBot:Rotation:Roster:2", "de-manager")));

    [Fact]
    public void RosterMember_Unknown_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Roster:3: unknown member 'hudsen' (did you mean 'hudson'?)",
            With(("PipelineBot:Rotation:Roster:3", "hudsen")));

    [Fact]
    public void RosterMember_Twice_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Roster:3: 'jasmine' is on the roster twice (also PipelineBot:Rotation:Roster:0)",
            With(("PipelineBot:Rotation:Roster:3", "jasmine")));

    [Fact]
    public void EmptyRoster_IsImpossible() =>
        AssertProblem(
            "PipelineBot:Rotation:Roster: the rotation needs at least one member: the roster is missing or empty",
            Without("PipelineBot:Rotation:Roster"));

    [Fact]
    public void MissingStart_IsReported() =>
        AssertProblem("PipelineBot:Rotation:Start: missing or empty", Without("PipelineBot:Rotation:Start"));

    [Fact]
    public void MalformedStart_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Start: '05/01/2026' is not a date (yyyy-MM-dd)",
            With(("PipelineBot:Rotation:Start", "05/01/2026")));

    [Fact]
    public void ChangeThatEmptiesTheRoster_IsImpossible() =>
        AssertProblem(
            "PipelineBot:Rotation:Changes:0:Leaves: 'jasmine' is the last member: the rotation would be empty from 2026-02-02",
            Without(
                "PipelineBot:Rotation:Roster",
                ("PipelineBot:Rotation:Roster:0", "jasmine"),
                ("PipelineBot:Rotation:Changes:0:Member", "jasmine"),
                ("PipelineBot:Rotation:Changes:0:Leaves", "2026-02-02")));

    [Fact]
    public void Leaver_NotOnTheRoster_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Changes:0:Member: 'ava' is not on the rotation on 2026-02-02",
            With([.. Ava, ("PipelineBot:Rotation:Changes:0:Member", "ava"), ("PipelineBot:Rotation:Changes:0:Leaves", "2026-02-02")]));

    [Fact]
    public void Leaver_WhoLeftEarlier_IsNotOnTheRosterAnyMore() =>
        AssertProblem(
            "PipelineBot:Rotation:Changes:0:Member: 'miles' is not on the rotation on 2026-03-02",
            With(
                ("PipelineBot:Rotation:Changes:0:Member", "miles"),
                ("PipelineBot:Rotation:Changes:0:Leaves", "2026-03-02"),
                ("PipelineBot:Rotation:Changes:1:Member", "miles"),
                ("PipelineBot:Rotation:Changes:1:Leaves", "2026-02-02")));

    [Fact]
    public void Replacement_AlreadyOnTheRoster_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Changes:0:ReplacedBy: 'miles' is already on the rotation on 2026-02-02",
            With(
                ("PipelineBot:Rotation:Changes:0:Member", "jasmine"),
                ("PipelineBot:Rotation:Changes:0:Leaves", "2026-02-02"),
                ("PipelineBot:Rotation:Changes:0:ReplacedBy", "miles")));

    [Fact]
    public void Joiner_AlreadyOnTheRoster_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Changes:0:Member: 'miles' is already on the rotation on 2026-02-02",
            With(("PipelineBot:Rotation:Changes:0:Member", "miles"), ("PipelineBot:Rotation:Changes:0:Joins", "2026-02-02")));

    [Fact]
    public void Change_BeforeTheStart_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Changes:0:Joins: 2025-12-29 is before the rotation starts (2026-01-05)",
            With([.. Ava, ("PipelineBot:Rotation:Changes:0:Member", "ava"), ("PipelineBot:Rotation:Changes:0:Joins", "2025-12-29")]));

    [Fact]
    public void Change_WithBothJoinsAndLeaves_IsReported() =>
        AssertProblem(
            "PipelineBot:Rotation:Changes:0: gives both Joins and Leaves; a change is one or the other",
            With(
                ("PipelineBot:Rotation:Changes:0:Member", "miles"),
                ("PipelineBot:Rotation:Changes:0:Joins", "2026-02-02"),
                ("PipelineBot:Rotation:Changes:0:Leaves", "2026-03-02")));

    [Fact]
    public void ValidChanges_AreAppliedToTheRotation()
    {
        var roster = Load<PipelineBot.Domain.Rotation.RosterTimeline>(With(
        [
            .. Ava,
            ("PipelineBot:Rotation:Changes:0:Member", "miles"),
            ("PipelineBot:Rotation:Changes:0:Leaves", "2026-02-02"),
            ("PipelineBot:Rotation:Changes:0:ReplacedBy", "ava"),
        ]));

        // Week 5 from 2026-01-05 is miles's second turn; from his leaving date it is ava's.
        Assert.Equal("miles", roster.MemberFor(new NodaTime.LocalDate(2026, 1, 12)));
        Assert.Equal("ava", roster.MemberFor(new NodaTime.LocalDate(2026, 2, 9)));
        Assert.Equal(["jasmine", "miles", "jackson", "hudson", "ava"], roster.EveryMember);
    }
}
