using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PipelineBot.Conversation.Answers;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Notices;
using PipelineBot.Conversation.Tests.Cards;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Audit;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests;

/// <summary>
/// "escalate INC-1 to mapping" and the card's "Escalate to expert" button (issue 14): the expert is mentioned to the team
/// and sent a handover with what was tried, the card says whose it is, the resolve clock keeps running, and only the
/// people who work the incident may hand it over.
/// </summary>
public sealed class ExpertEscalationTests
{
    // Monday 10:00 UTC, in business hours; Miles is on call and owns Profit.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly CardRenderer Renderer = new(new CardTemplates(CardTemplates.DefaultFolder));

    private static async Task<long> AlertAsync(Bot bot) =>
        (await bot.Incidents.ReportAlertAsync(new AlertReport("profit", "scheduled__2026-11-22", IncidentKind.Failure, "Task load_sales failed: region code XX has no mapping"), CancellationToken.None)).IncidentId!.Value;

    [Fact]
    public async Task Escalating_to_mapping_hands_the_incident_to_the_Tech_BA_with_what_was_tried_and_the_resolve_clock_runs_on()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);
        await bot.AskAsync($"ack INC-{id}", "miles");
        bot.Time.Advance(TimeSpan.FromMinutes(42));
        var resolveDue = (await bot.Incidents.FindAsync(id, CancellationToken.None))!.Incident.ResolveDueAt;

        var answer = await bot.AskAsync($"escalate INC-{id} to mapping: XX is a new region code from the source", "miles");

        Assert.Equal($"INC-{id} is with the Tech BA now, as a mapping error. I've sent them the handover and mentioned them in the alert channel; the resolve clock keeps running.", answer);
        var incident = (await bot.Incidents.FindAsync(id, CancellationToken.None))!.Incident;
        Assert.Equal(("tech-ba", ExpertArea.Mapping, Bot.Instant(Monday.AddMinutes(42))), (incident.Expert, incident.ExpertArea!.Value, incident.ExpertSince!.Value));
        Assert.Equal((IncidentState.Acknowledged, resolveDue), (incident.State, incident.ResolveDueAt));
        Assert.Contains(await bot.ReadAsync(db => db.IncidentClocks), c => c.IncidentId == id && c.Kind == "resolve-deadline" && c.ClosedAt == null);

        var audit = Assert.Single(await bot.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "handed-over")));
        Assert.Equal(("miles", $"INC-{id}", $"Miles Lopez handed INC-{id} to the Tech BA as a mapping error: XX is a new region code from the source"), (audit.Actor, audit.Subject, audit.Detail));

        // The team hears it with the expert mentioned; the expert gets the handover and the card.
        var wording = bot.Services.GetRequiredService<NoticeWording>();
        var notices = await bot.ReadAsync(db => db.Notices.Where(n => n.Kind == NoticeKinds.IncidentHandedOver || n.Kind == NoticeKinds.IncidentHandover));
        var team = Assert.Single(notices, n => n.Audience == Journal.Team);
        Assert.Equal(
            $"@{{tech-ba}} INC-{id} (Profit) is with you now: Miles Lopez handed it to the Tech BA as a mapping error. Note: XX is a new region code from the source The resolve clock keeps running.",
            wording.Word(NoticeContent.From(team)).Text);
        var direct = Assert.Single(notices, n => n.Audience == "tech-ba");
        Assert.Equal($"incident:{id}", direct.CardKey);
        var handover = wording.Word(NoticeContent.From(direct)).Text;
        Assert.StartsWith($"Handover from Miles Lopez: INC-{id} (Profit) needs the Tech BA, as a mapping error outside runbook scope.\n**What broke:** Task load_sales failed: region code XX has no mapping\n**Note:** XX is a new region code from the source\n**Tried so far:**\n", handover, StringComparison.Ordinal);
        Assert.Contains($"Miles Lopez acknowledged INC-{id}", handover, StringComparison.Ordinal);

        // The card says whose it is now, with the handover on its timeline.
        var card = Renderer.Render((await bot.Conversation.CardAsync($"incident:{id}", CancellationToken.None))!, ButtonStyle.Execute, TestCards.Reader).ToJsonString();
        Assert.Contains("With Tech BA since", card, StringComparison.Ordinal);
        Assert.Contains($"Miles Lopez handed INC-{id} to the Tech BA as a mapping error", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_button_asks_which_expert_and_the_choice_hands_it_over_and_redraws_the_card()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var asked = await bot.ClickAsync("jasmine", IncidentAnswers.EscalateVerb, new JsonObject { ["incident"] = id });
        var question = Assert.Single(asked.Replies);
        Assert.Equal($"Which expert should take INC-{id} (Profit)?", question.Text);
        Assert.Null(asked.UpdatedCard);
        var choices = Renderer.Render(question.Card!, ButtonStyle.Execute, TestCards.Reader);
        Assert.Empty(AdaptiveCardSchema.Errors(choices));
        var buttons = choices["actions"]!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(["Mapping → Tech BA", "Implementation → ETL Developer"], buttons.Select(b => b["title"]!.GetValue<string>()));

        var chosen = await bot.ClickAsync("jasmine", buttons[1]["verb"]!.GetValue<string>(), buttons[1]["data"]!.AsObject());

        Assert.Equal($"INC-{id} is with the ETL Developer now, as an implementation error. I've sent them the handover and mentioned them in the alert channel; the resolve clock keeps running.", Assert.Single(chosen.Replies).Text);
        // The choice card is answered in place, with no buttons left; the incident's own card is redrawn everywhere.
        var answered = Renderer.Render(chosen.UpdatedCard!, ButtonStyle.Execute, TestCards.Reader);
        Assert.Empty(AdaptiveCardSchema.Errors(answered));
        Assert.Contains("ETL Developer, chosen by Jasmine Glancy.", answered.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(answered["actions"]?.AsArray() ?? []);
        Assert.Contains("With ETL Developer since", Renderer.Render((await bot.Conversation.CardAsync($"incident:{id}", CancellationToken.None))!, ButtonStyle.Execute, TestCards.Reader).ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("etl-developer", (await bot.Incidents.FindAsync(id, CancellationToken.None))!.Incident.Expert);
    }

    [Fact]
    public async Task Only_the_people_who_work_an_incident_may_hand_it_over_and_a_refusal_changes_nothing()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var lead = await bot.AskAsync($"escalate INC-{id} to etl", "profit-lead");
        var stranger = await bot.Conversation.HandleButtonAsync(
            new ButtonTurn(bot.Speaker(null), Bot.Personal, IncidentAnswers.EscalateVerb, new JsonObject { ["incident"] = id, ["to"] = "implementation" }), CancellationToken.None);
        var operatorsCanToo = await bot.AskAsync($"escalate INC-{id} to etl", "sit-operator");

        Assert.Equal("Nothing changed: handing Profit incidents to an expert is for the person on call, its owners and operators (the Service Implementation Team).", lead);
        Assert.Equal(Replies.Stranger, Assert.Single(stranger.Replies).Text);
        Assert.StartsWith($"INC-{id} is with the ETL Developer now", operatorsCanToo, StringComparison.Ordinal);
        Assert.Single(await bot.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "handed-over")));
    }

    [Fact]
    public async Task Handing_over_again_to_the_same_expert_or_after_the_incident_is_resolved_changes_nothing()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);
        await bot.AskAsync($"escalate INC-{id} to mapping", "miles");

        var again = await bot.AskAsync($"escalate INC-{id} to the tech ba", "jasmine");
        await bot.AskAsync($"resolve INC-{id} mapping added", "miles");
        var resolved = await bot.AskAsync($"escalate INC-{id} to etl", "miles");

        Assert.StartsWith($"INC-{id} is already with the Tech BA, since ", again, StringComparison.Ordinal);
        Assert.Equal($"INC-{id} is already resolved; nothing changed.", resolved);
        Assert.Single(await bot.ReadAsync(db => db.AuditEntries.Where(a => a.Action == "handed-over")));
    }

    [Fact]
    public async Task Escalate_without_an_expert_asks_which_and_without_an_incident_asks_which_incident()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var which = await bot.SayAsync($"escalate INC-{id}", "miles");
        var unknown = await bot.AskAsync("escalate INC-99 to mapping", "miles");

        Assert.Equal(($"Which expert should take INC-{id} (Profit)?", "expert"), (which.Text, which.Card?.Template));
        Assert.Equal("There is no incident INC-99; nothing changed.", unknown);
    }
}
