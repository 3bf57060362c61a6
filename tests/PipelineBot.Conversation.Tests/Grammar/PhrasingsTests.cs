using PipelineBot.Conversation.Grammar;
using PipelineBot.Testing;

namespace PipelineBot.Conversation.Tests.Grammar;

/// <summary>
/// Every line of the phrasings specification, and of our own phrasings beside it, is read exactly as it says: the
/// intent, every slot with its value, and no slot it does not list.
/// </summary>
public sealed class PhrasingsTests
{
    public static TheoryData<Phrasing> Specification => [.. Phrasing.Read(Phrasing.Specification)];

    public static TheoryData<Phrasing> Ours => [.. Phrasing.Read(Path.Combine(RepositoryFiles.Root, "tests", "PipelineBot.Conversation.Tests", "Grammar", "more-phrasings.tsv"))];

    [Fact]
    public void The_copy_of_the_specification_is_the_shared_one()
    {
        var shared = Path.Combine(RepositoryFiles.Root, "..", "shared", "conversation", "phrasings.tsv");

        // A clean clone tests on its own copy; where the shared folder is beside it, the copy must not have drifted.
        if (File.Exists(shared))
        {
            Assert.Equal(File.ReadAllText(shared), File.ReadAllText(Phrasing.Specification));
        }
    }

    [Theory]
    [MemberData(nameof(Specification))]
    public void A_phrasing_of_the_specification_is_read_as_it_says(Phrasing phrasing) => Check(phrasing);

    [Theory]
    [MemberData(nameof(Ours))]
    public void A_phrasing_of_our_own_is_read_as_it_says(Phrasing phrasing) => Check(phrasing);

    private static void Check(Phrasing phrasing)
    {
        var reading = ShippedUnderstanding.Read(phrasing.Utterance);

        Assert.Equal(phrasing.Intent, reading.Intent);
        if (phrasing.Intent == Reading.Unknown)
        {
            return;
        }

        var expected = phrasing.ExpectedSlots;
        var actual = Describe(reading);
        if (expected.TryGetValue("search", out var search))
        {
            Assert.True(actual.TryGetValue("search", out var words), $"no search slot in {Show(actual)}");
            Assert.Superset(search.Split(' ').ToHashSet(), words!.Split(' ').ToHashSet());
            actual["search"] = search;
        }

        Assert.Equal(Show(expected), Show(actual));
    }

    /// <summary>The reading's slots; where it asks back, each slot that differs between the choices as "a|b".</summary>
    private static Dictionary<string, string> Describe(Reading reading)
    {
        var slots = reading.Slots.Describe().ToDictionary(kv => kv.Key, kv => kv.Value);
        if (reading.Question is null)
        {
            return slots;
        }

        var readings = reading.Choices.Select(c => ShippedUnderstanding.Read(c.Text).Slots.Describe().ToDictionary(kv => kv.Key, kv => kv.Value)).ToList();
        foreach (var key in readings.SelectMany(r => r.Keys).Distinct())
        {
            slots[key] = string.Join('|', readings.Select(r => r.GetValueOrDefault(key)).Distinct().Order(StringComparer.Ordinal));
        }

        return slots;
    }

    private static string Show(IReadOnlyDictionary<string, string> slots) => string.Join(';', slots.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
