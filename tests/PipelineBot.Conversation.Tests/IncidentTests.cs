using System.Text.Json.Nodes;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Tests.Cards;
using PipelineBot.Domain.Incidents;
using PipelineBot.Infrastructure.Incidents;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests;

/// <summary>Incidents by message and by button, through the real core, storage and card renderer.</summary>
public sealed class IncidentTests
{
    // Monday 10:00 UTC, in business hours; Miles holds the rotation week that ends at midnight.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly CardRenderer Renderer = new(new CardTemplates(CardTemplates.DefaultFolder));

    private static async Task<long> AlertAsync(Bot bot, string pipeline = "profit", string run = "scheduled__2026-11-22") =>
        (await bot.Incidents.ReportAlertAsync(new AlertReport(pipeline, run, IncidentKind.Failure, "Task load_sales failed: no header row"), CancellationToken.None)).IncidentId!.Value;

    [Fact]
    public async Task Ack_by_message_acknowledges_once_and_a_second_ack_is_told_who_was_first()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var first = await bot.AskAsync($"ack INC-{id}", "miles");
        var second = await bot.AskAsync($"acknowledge {id}", "jasmine");

        Assert.StartsWith($"INC-{id} acknowledged by Miles Lopez", first, StringComparison.Ordinal);
        Assert.StartsWith($"INC-{id} was already acknowledged by Miles Lopez", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INC-{0}")]
    [InlineData("inc {0}")]
    [InlineData("show INC-{0}")]
    [InlineData("what happened to INC-{0}")]
    [InlineData("details of #{0}")]
    public async Task An_incident_named_any_way_people_write_it_answers_with_its_card(string text)
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var say = await bot.SayAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, text, id));

        Assert.Equal($"INC-{id}:", say.Text);
        Assert.Equal($"incident:{id}", say.Card?.Key);
    }

    [Theory]
    [InlineData("I've got INC-{0}")]
    [InlineData("ack {0}")]
    [InlineData("i'm on inc-{0}")]
    public async Task Acknowledging_in_other_words_acknowledges(string text)
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var answer = await bot.AskAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, text, id), "miles");

        Assert.StartsWith($"INC-{id} acknowledged by Miles Lopez", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_card_shows_what_broke_and_its_buttons_and_a_click_on_Acknowledge_redraws_it()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var card = (await bot.Conversation.CardAsync($"incident:{id}", CancellationToken.None))!;
        var clicked = await bot.ClickAsync("jasmine", "incident.ack", new JsonObject { ["incident"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var before = Renderer.Render(card, ButtonStyle.Execute, TestCards.Reader);
        Assert.Empty(AdaptiveCardSchema.Errors(before));
        Assert.Equal(["incident.ack", "incident.rerun", "incident.resolve", "incident.escalate", "incident.runbook"], Verbs(before));
        Assert.Contains("no header row", before.ToJsonString(), StringComparison.Ordinal);
        Assert.NotEmpty(Renderer.RenderBlocks(card, TestCards.Reader));

        var after = Renderer.Render(clicked.UpdatedCard!, ButtonStyle.Execute, TestCards.Reader);
        Assert.Empty(AdaptiveCardSchema.Errors(after));
        Assert.Equal(["incident.rerun", "incident.resolve", "incident.escalate", "incident.runbook"], Verbs(after));
        Assert.Contains("Acknowledged by Jasmine Glancy", after.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_by_message_keeps_the_note_and_a_resolved_card_has_only_the_runbook_button()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var answer = await bot.AskAsync($"resolve INC-{id} reloaded the file with its header", "miles");
        var card = Renderer.Render((await bot.Conversation.CardAsync($"incident:{id}", CancellationToken.None))!, ButtonStyle.Execute, TestCards.Reader);

        Assert.EndsWith("reloaded the file with its header", answer, StringComparison.Ordinal);
        Assert.Equal(["incident.runbook"], Verbs(card));
        Assert.Empty(AdaptiveCardSchema.Errors(card));
    }

    [Fact]
    public async Task A_rerun_by_someone_who_may_not_is_refused_with_the_reason()
    {
        await using var bot = await Bot.StartAsync(Monday, ("PipelineBot:Airflow:BaseUrl", "http://127.0.0.1:9"), ("PipelineBot:Airflow:Username", "bot"), ("PipelineBot:Airflow:Password", "secret"));
        var id = await AlertAsync(bot);

        var clicked = await bot.ClickAsync("profit-lead", "incident.rerun", new JsonObject { ["incident"] = id });

        Assert.StartsWith("Nothing changed: reruns of Profit are for the person on call, its owners and operators", Assert.Single(clicked.Replies).Text, StringComparison.Ordinal);
        Assert.Empty(await bot.ReadAsync(db => db.Reruns));
    }

    [Fact]
    public async Task A_rerun_by_message_binds_each_number_to_its_keyword_and_the_batch_is_no_incident()
    {
        await using var bot = await Bot.StartAsync(Monday, ("PipelineBot:Airflow:BaseUrl", "http://127.0.0.1:9"), ("PipelineBot:Airflow:Username", "bot"), ("PipelineBot:Airflow:Password", "secret"));
        var id = await AlertAsync(bot);

        await bot.AskAsync("rerun profit for 2026-11-20 batch 42 environment prod", "sit-operator");

        var rerun = Assert.Single(await bot.ReadAsync(db => db.Reruns));
        Assert.Equal(id, rerun.IncidentId);
        Assert.Equal("2026-11-20", rerun.LoadDate);
        var conf = System.Text.Json.Nodes.JsonNode.Parse(rerun.Conf)!;
        Assert.Equal("42", conf["batch_id"]?.ToString());
        Assert.Equal("prod", conf["environment"]?.ToString());
    }

    [Fact]
    public async Task Runbook_button_answers_with_the_pipelines_runbook()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var clicked = await bot.ClickAsync("jasmine", "incident.runbook", new JsonObject { ["incident"] = id });

        Assert.StartsWith("**Runbook: Profit**", Assert.Single(clicked.Replies).Text, StringComparison.Ordinal);
        Assert.Null(clicked.UpdatedCard);
    }

    [Fact]
    public async Task Status_shows_the_last_runs_data_quality_the_deadline_and_the_open_incident()
    {
        await using var bot = await Bot.StartAsync(Monday);
        await bot.Incidents.RecordRunAsync(new RunReport("growth", "mon", RunState.Succeeded, Records: 40_000, Dropped: 100), CancellationToken.None);
        await bot.Incidents.RecordRunAsync(new RunReport("daily-growth", "mon", RunState.Failed, Error: "OOM"), CancellationToken.None);

        var growth = await bot.AskAsync("status of growth pipeline");
        var daily = await bot.AskAsync("how's daily growth doing?");

        Assert.Contains("- mon: succeeded", growth, StringComparison.Ordinal);
        Assert.Contains("40,000 records, 100 dropped", growth, StringComparison.Ordinal);
        Assert.Contains("Data quality: SLA BROKEN in run mon", growth, StringComparison.Ordinal);
        Assert.Contains("Data deadline Mon 2026-11-23 08:00 UTC: MISSED", growth, StringComparison.Ordinal);
        Assert.Contains("Open incident: INC-1, broke the data-quality SLA", growth, StringComparison.Ordinal);
        Assert.Contains("- mon: failed", daily, StringComparison.Ordinal);
        Assert.Contains("Upstream: Growth (open incident INC-1)", daily, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incidents_lists_what_is_open()
    {
        await using var bot = await Bot.StartAsync(Monday);
        var id = await AlertAsync(bot);

        var answer = await bot.AskAsync("incidents");

        Assert.Contains($"- INC-{id} Profit: failed, run scheduled__2026-11-22 (not acknowledged)", answer, StringComparison.Ordinal);
    }

    private static List<string> Verbs(JsonObject card) =>
        [.. (card["actions"] as JsonArray ?? []).OfType<JsonObject>().Where(a => a["type"]!.GetValue<string>() == "Action.Execute").Select(a => a["verb"]!.GetValue<string>())];
}
