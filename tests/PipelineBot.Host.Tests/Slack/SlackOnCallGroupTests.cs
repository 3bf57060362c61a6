namespace PipelineBot.Host.Tests.Slack;

/// <summary>The <c>@oncall</c> user group kept to the person on call: at start, and once at a change (Chicago's first night of daylight time).</summary>
public sealed class SlackOnCallGroupTests
{
    [Fact]
    public async Task The_user_group_is_set_at_start_and_once_when_the_person_on_call_changes()
    {
        // Jasmine's week ends at local midnight on Monday 2026-03-09: 05:00 UTC in daylight time.
        await using var h = await SlackHarness.StartAtAsync(
            new DateTimeOffset(2026, 3, 9, 4, 58, 30, TimeSpan.Zero),
            "PipelineBot:Rotation:TimeZone=America/Chicago",
            "PipelineBot:Rotation:Start=2026-01-05",
            "PipelineBot:Slack:OnCallUserGroup=S0ONCALL01");

        var atStart = Assert.Single(await h.Slack.WaitForAsync(c => c.Method == "usergroups.users.update"));
        Assert.Equal(("S0ONCALL01", "U00FAKEUSER1"), (atStart.Body["usergroup"]!.GetValue<string>(), atStart.Body["users"]!.GetValue<string>()));

        h.Bot.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(h.Slack.Calls, c => c.Method == "usergroups.users.update");
        h.Bot.Time.Advance(TimeSpan.FromMinutes(1));
        var updates = await h.Slack.WaitForAsync(c => c.Method == "usergroups.users.update", count: 2);
        Assert.Equal("U00FAKEUSER2", updates[1].Body["users"]!.GetValue<string>());

        for (var minute = 0; minute < 3; minute++)
        {
            h.Bot.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(2, h.Slack.Calls.Count(c => c.Method == "usergroups.users.update"));
    }
}
