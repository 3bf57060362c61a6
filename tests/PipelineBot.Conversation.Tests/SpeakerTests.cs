using NodaTime;
using PipelineBot.Domain.Catalog;

namespace PipelineBot.Conversation.Tests;

public sealed class SpeakerTests
{
    private static readonly Member Miles = new("miles", "Miles Lopez", "miles.lopez@example.com", new HashSet<string>(), "America/Chicago");
    private static readonly DateTimeZone Fallback = DateTimeZone.Utc;

    [Fact]
    public void The_client_zone_comes_first() =>
        Assert.Equal("Europe/Berlin", Speaker.Of(Miles, "Miles", "Europe/Berlin", Fallback).TimeZone.Id);

    [Fact]
    public void An_unknown_client_zone_falls_back_to_the_members_zone() =>
        Assert.Equal("America/Chicago", Speaker.Of(Miles, "Miles", "Mars/Olympus", Fallback).TimeZone.Id);

    [Fact]
    public void A_stranger_without_a_client_zone_gets_the_fallback_and_their_own_name()
    {
        var speaker = Speaker.Of(null, "Jane Doe", null, Fallback);
        Assert.Equal(("Jane Doe", "UTC"), (speaker.Name, speaker.TimeZone.Id));
    }
}
