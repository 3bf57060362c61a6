using System.Globalization;
using PipelineBot.Host.Tests.Incidents;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.Slack;

/// <summary>
/// The shared phrasings (tests/fixtures/conversation/phrasings.tsv) said to the real bot in Slack DMs, signed, over real
/// HTTP against the fake Web API, one test case per phrasing so that a failure names it.
/// </summary>
public class SlackPhrasingsTests(SlackPhrasingsBot bot) : IClassFixture<SlackPhrasingsBot>
{
    /// <summary>How the core's answer begins when no command matched ("I didn't get 'blah'. Try: …"): the fallback.</summary>
    private const string Fallback = "I didn't get";

    /// <summary>What a channel says when the core failed; no phrasing may ever get it.</summary>
    private const string SomethingWentWrong = "Sorry, something went wrong";

    public static TheoryData<Phrasing> Understood => [.. Phrasing.Read(Phrasing.Specification).Where(p => p.Intent != "unknown")];

    public static TheoryData<Phrasing> NotUnderstood => [.. Phrasing.Read(Phrasing.Specification).Where(p => p.Intent == "unknown")];

    [Theory]
    [MemberData(nameof(Understood))]
    public async Task A_phrasing_is_not_answered_with_the_fallback_and_an_on_call_one_names_whom_the_API_gives_for_the_meant_instant(Phrasing phrasing)
    {
        var posts = await bot.AskAsync(phrasing.Speaker, phrasing.Utterance);

        var shown = Shown(posts);
        Assert.False(string.IsNullOrWhiteSpace(shown), "no answer");
        Assert.False(posts.Any(IsFallback), $"the fallback: {shown}");
        Assert.False(shown.Contains(SomethingWentWrong, StringComparison.Ordinal), shown);
        if (phrasing.Intent == "oncall")
        {
            var at = MeantInstant(phrasing.ExpectedSlots["when"]);
            var onCall = await bot.OnCallAsync(at);
            // The person on call is the first one the answer names: "Next: …" and the owners come after.
            var first = bot.MemberNames.Where(n => shown.Contains(n, StringComparison.Ordinal)).MinBy(n => shown.IndexOf(n, StringComparison.Ordinal));
            Assert.True(first == onCall, $"/api/oncall gives {onCall} at {at:u}; the bot said: {shown}");
        }
    }

    [Theory]
    [MemberData(nameof(NotUnderstood))]
    public async Task A_phrasing_no_command_matches_is_answered_with_the_fallback(Phrasing phrasing)
    {
        var posts = await bot.AskAsync(phrasing.Speaker, phrasing.Utterance);

        Assert.True(posts.Any(IsFallback), $"'{phrasing.Utterance}' should get the fallback; the bot said: {Shown(posts)}");
    }

    /// <summary>
    /// The instant a <c>when</c> slot means: <c>now</c> the reference instant; a date (or the first date of a range
    /// <c>a..b</c>) its start; a local date-time that time. Local means the team's and speakers' zone, UTC.
    /// </summary>
    private static DateTimeOffset MeantInstant(string when) => when == "now"
        ? SlackPhrasingsBot.Now
        : DateTimeOffset.ParseExact(when.Split("..")[0], ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static bool IsFallback(SlackCall post) => post.Body["text"]?.GetValue<string>().StartsWith(Fallback, StringComparison.Ordinal) == true;

    /// <summary>What Slack shows of the posts: each one's text and its blocks' (mrkdwn, so a name may be bold: <c>*Name*</c>).</summary>
    private static string Shown(IEnumerable<SlackCall> posts) =>
        string.Join("\n", posts.Select(p => IncidentBot.AllText(p.Body["text"]) + "\n" + IncidentBot.AllText(p.Body["blocks"])).Select(s => s.Trim()));
}
