using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using NodaTime;
using PipelineBot.Conversation.Cards;
using PipelineBot.Conversation.Commands;
using PipelineBot.Conversation.Grammar;
using PipelineBot.Domain.Catalog;
using PipelineBot.Domain.Holidays;
using PipelineBot.Domain.Rotation;
using PipelineBot.Domain.Trades;
using PipelineBot.Infrastructure.Configuration;
using PipelineBot.Infrastructure.Rotation;
using PipelineBot.Infrastructure.Trades;

namespace PipelineBot.Conversation.Answers;

/// <summary>
/// Holiday shift trades by message and by button: "trade my Christmas shift with Miles", "swap my New Year's Day 2027
/// for Jackson's Thanksgiving", "accept trade 12", and the offer card. The rules live in <see cref="TradeService"/>;
/// this class reads the request, names people by their names and draws the card.
/// </summary>
internal sealed class TradeAnswers(TradeService trades, ScheduleService schedule, Catalog catalog, RosterTimeline roster, HolidayCalendar holidayCalendar, HolidaySettings holidaySettings, CatalogNames names, TimeProvider time) : IButtons
{
    public const string AcceptVerb = "trade.accept";
    public const string DeclineVerb = "trade.decline";
    public const string WithdrawVerb = "trade.withdraw";
    public const string Template = "trade-offer";

    public static IReadOnlyList<string> Verbs { get; } = [AcceptVerb, DeclineVerb, WithdrawVerb];

    public async Task<Say> ProposeAsync(Turn turn, Slots slots, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } me)
        {
            return new Say(Replies.Stranger);
        }

        if (slots.Unreadable is { } unreadable)
        {
            return new Say(Replies.CannotReadDate(unreadable, slots.UnreadableWhy));
        }

        if (slots.With is not { } person)
        {
            return new Say(slots.Unread.Count > 0
                ? Replies.UnknownPerson(string.Join(' ', slots.Unread), names)
                : "Trade with whom? For example: trade my Christmas shift with Miles.");
        }

        if (slots.Holiday is not { } holiday)
        {
            // A day that is no holiday goes to the rules too, which refuse it quoting the policy.
            return slots.When is { } when
                ? await OfferAsync(turn, me, person, when.Start(Now(), turn.Speaker.TimeZone).InZone(schedule.Zone).Date, null, cancellationToken)
                : new Say($"Which holiday shift? \"{TradePolicy.Text}\" For example: trade my Christmas shift with {FirstName(person)}, or swap my New Year's Day for {FirstName(person)}'s Thanksgiving.");
        }

        if (slots.Swap && slots.For is null)
        {
            return new Say($"Swap it for which of {person.Name}'s holiday shifts? For example: swap my {holiday.Name} for {FirstName(person)}'s Thanksgiving. To give a shift away, say \"give my {holiday.Name} shift to {FirstName(person)}\".");
        }

        var offered = await HeldAsync(holiday, me.Id, cancellationToken);
        if (offered.Unpublished is { } mine)
        {
            return new Say(Unpublished(me, self: true, mine));
        }

        LocalDate? requested = null;
        if (slots.For is { } wanted)
        {
            var theirs = await HeldAsync(wanted, person.Id, cancellationToken);
            if (theirs.Unpublished is { } next)
            {
                return new Say(Unpublished(person, self: false, next));
            }

            requested = theirs.Date;
        }

        return await OfferAsync(turn, me, person, offered.Date, requested, cancellationToken);
    }

    private async Task<Say> OfferAsync(Turn turn, Member me, Member person, LocalDate offered, LocalDate? requested, CancellationToken cancellationToken)
    {
        var result = await trades.ProposeAsync(me.Id, person.Id, offered, requested, cancellationToken, origin: turn.Place.Origin);
        if (!result.Succeeded || result.Offer is not { } offer)
        {
            var refusal = $"I can't offer that trade: {names.WithNames(result.Message)}";
            return new Say(result.Rule == TradeDecision.FourYearRule ? $"{refusal}\n{await InsteadAsync(me, offered, cancellationToken)}" : refusal);
        }

        return new Say(
            $"{names.WithNames(result.Message)} {person.Name} can accept or decline it until {TimeText.Format(offer.ExpiresAt, turn.Speaker.TimeZone)}. To take it back, say \"withdraw trade {offer.Id}\".",
            Card(offer));
    }

    /// <summary>Who could take the shift instead under the rules, or why nobody can.</summary>
    private async Task<string> InsteadAsync(Member me, LocalDate offered, CancellationToken cancellationToken)
    {
        var receivers = await trades.ReceiversAsync(me.Id, offered, cancellationToken);
        if (receivers.Count == 0)
        {
            return $"Nobody on the rotation could take it: with {roster.EveryMember.Count} people and the {holidaySettings.RuleYears}-year rule, each holiday passes through everyone in turn, so only a shift whose next turns are not yet published can move.";
        }

        var first = catalog.Member(receivers[0]);
        var holiday = holidayCalendar.Between(offered, offered).First();
        return $"{string.Join(", ", receivers.Select(names.Name))} could take it: say \"give my {holiday.Name} {holiday.Year} shift to {FirstName(first)}\".";
    }

    /// <summary>"accept trade 3" and the like; without a number, the speaker's open offers to choose from.</summary>
    public async Task<Say> AnswerAsync(Turn turn, string answer, long? offerId, CancellationToken cancellationToken)
    {
        if (turn.Speaker.Member is not { } me)
        {
            return new Say(Replies.Stranger);
        }

        if (offerId is not { } id)
        {
            return new Say(await OpenOffersOfAsync(me.Id, cancellationToken));
        }

        var verb = answer switch
        {
            "accept" => AcceptVerb,
            "decline" => DeclineVerb,
            _ => WithdrawVerb,
        };
        return (await ActAsync(verb, id, me, cancellationToken)).Reply;
    }

    public async Task<ButtonResult> HandleButtonAsync(ButtonTurn turn, CancellationToken cancellationToken)
    {
        if (!long.TryParse(CardActions.ValueText(turn.Data["offer"]), NumberStyles.None, CultureInfo.InvariantCulture, out var offerId))
        {
            return new ButtonResult([new Say("That button names no trade offer; nothing changed.")]);
        }

        if (turn.Speaker.Member is not { } member)
        {
            return new ButtonResult([new Say(Replies.Stranger)]);
        }

        var (reply, card) = await ActAsync(turn.Verb, offerId, member, cancellationToken);
        return new ButtonResult([reply], card);
    }

    /// <summary>
    /// Accept, decline or withdraw an offer. The card comes back in its new state when the offer changed or was already
    /// closed; a refused click by someone the offer is not for leaves the card alone.
    /// </summary>
    public async Task<(Say Reply, CardContent? Card)> ActAsync(string verb, long offerId, Member member, CancellationToken cancellationToken)
    {
        var result = verb switch
        {
            AcceptVerb => await trades.AcceptAsync(offerId, member.Id, cancellationToken),
            DeclineVerb => await trades.DeclineAsync(offerId, member.Id, cancellationToken),
            _ => await trades.WithdrawAsync(offerId, member.Id, cancellationToken),
        };
        var message = names.WithNames(result.Message);
        if (!result.Succeeded && result.Rule is TradeResult.NotYours or TradeDecision.NotYoursToAccept or TradeResult.UnknownOffer)
        {
            return (new Say($"Nothing changed: {message}"), null);
        }

        var card = await CardAsync(offerId, cancellationToken);
        return (new Say(result.Succeeded ? message : $"Nothing changed: {message}"), card);
    }

    public async Task<CardContent?> CardAsync(long offerId, CancellationToken cancellationToken) =>
        await trades.FindAsync(offerId, cancellationToken) is { } offer ? Card(offer) : null;

    private CardContent Card(TradeOffer offer)
    {
        var state = offer.State == TradeState.Open && Now() >= offer.ExpiresAt ? TradeState.Expired : offer.State;
        var proposer = names.Name(offer.ProposerId);
        var counterparty = names.Name(offer.CounterpartyId);

        // An instant, not words: the renderer writes it in the zone of whoever reads the card.
        var expires = CardData.Time(offer.ExpiresAt);
        var data = new JsonObject
        {
            ["id"] = offer.Id,
            ["title"] = offer.Kind == TradeKind.Swap ? $"Holiday swap offer #{offer.Id}" : $"Holiday hand-over offer #{offer.Id}",
            ["summary"] = offer.Requested is { } wanted
                ? $"{proposer} offers {counterparty} {Describe(offer.Offered)} in exchange for {Describe(wanted)}."
                : $"{proposer} offers {counterparty} {Describe(offer.Offered)}.",
            ["proposer"] = proposer,
            ["counterparty"] = counterparty,
            ["gives"] = Describe(offer.Offered),
            ["takes"] = offer.Requested is { } requested ? Describe(requested) : "nothing: a hand-over",
            ["expires"] = expires,
            ["state"] = state.ToString().ToLowerInvariant(),
            ["stateText"] = state switch
            {
                TradeState.Open => CardData.Text($"Open until {expires}. {counterparty} can accept or decline; {proposer} can withdraw it."),
                TradeState.Accepted => $"Accepted by {counterparty}: the shifts have moved.",
                TradeState.Declined => $"Declined by {counterparty}.",
                TradeState.Withdrawn => $"Withdrawn by {proposer}.",
                TradeState.Expired => CardData.Text($"Expired unanswered at {expires}."),
                _ => "Gone: a shift in it was traded first in another offer.",
            },
            ["open"] = state == TradeState.Open,
        };
        return new CardContent(Template, data, TradeService.CardKey(offer.Id));
    }

    /// <summary>
    /// The holiday a giver means. "My Christmas shift" without a year is the next Christmas they hold, not merely the
    /// next Christmas; if they hold none soon, the next one, and the rules say whose it is. When the next one they hold is
    /// only in a year the plan has not published yet, that is returned as <c>Unpublished</c>: it cannot be traded yet.
    /// </summary>
    private async Task<(LocalDate Date, HolidayView? Unpublished)> HeldAsync(HolidaySlot holiday, string giverId, CancellationToken cancellationToken)
    {
        if (holiday.YearGiven)
        {
            return (holiday.Date, null);
        }

        var lastYear = holiday.Year + holidaySettings.RuleYears + holidaySettings.PublishYearsAhead;
        for (var year = holiday.Year; year <= lastYear; year++)
        {
            var held = (await schedule.HolidaysAsync(year, cancellationToken)).FirstOrDefault(h => h.Name == holiday.Name && h.Date >= holiday.Date);
            if (held?.MemberId == giverId)
            {
                return held.Published ? (held.Date, null) : (held.Date, held);
            }
        }

        return (holiday.Date, null);
    }

    private string Unpublished(Member holder, bool self, HolidayView next) =>
        $"{(self ? "Your" : $"{holder.Name}'s")} next {next.Name} is in {next.Year}, and the plan is published only through "
        + $"{Now().InZone(schedule.Zone).Year + holidaySettings.PublishYearsAhead}: only published holiday shifts can be traded. "
        + $"Say \"{(self ? "my holidays" : $"holidays {next.Year - 1}")}\" to see which ones are.";

    private async Task<string> OpenOffersOfAsync(string memberId, CancellationToken cancellationToken)
    {
        var open = (await trades.OpenOffersAsync(cancellationToken)).Where(o => o.ProposerId == memberId || o.CounterpartyId == memberId).ToList();
        if (open.Count == 0)
        {
            return "Which trade? Say it with the offer's number, such as \"accept trade 12\". You have no open trade offers.";
        }

        var text = new StringBuilder("Which trade? Say it with the offer's number, such as \"accept trade 12\". Your open offers:");
        foreach (var offer in open)
        {
            text.Append($"\n- #{offer.Id}: {Card(offer).Data["summary"]}");
        }

        return text.ToString();
    }

    private static string Describe(HolidayInstance holiday) => $"{holiday.Name} {holiday.Year} ({TimeText.Format(holiday.Date)})";

    private static string FirstName(Member member) => member.Name.Split(' ')[0];

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
