using PipelineBot.Domain.Text;

namespace PipelineBot.Domain.Tests.Text;

public sealed class SimilarityTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("miles", "miles", 0)]
    [InlineData("mils", "miles", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("growht", "growth", 1)]
    [InlineData("stauts", "status", 1)]
    [InlineData("ab", "ba", 1)]
    [InlineData("ca", "abc", 3)]
    public void Distance_CountsSingleCharacterEditsAndNeighbourSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, Similarity.Distance(a, b));
        Assert.Equal(expected, Similarity.Distance(b, a));
    }

    [Fact]
    public void Nearest_FindsTheTypoIgnoringCase() =>
        Assert.Equal(["miles"], Similarity.Nearest("MILS", ["jasmine", "miles", "jackson", "hudson"]));

    [Fact]
    public void Nearest_PutsTheClosestFirstAndStopsAtMax() =>
        Assert.Equal(["growth", "growths"], Similarity.Nearest("growht", ["growths", "growth", "growth-lead", "profit"], max: 2));

    [Fact]
    public void Nearest_OfSomethingUnlikeEveryCandidate_IsEmpty() =>
        Assert.Empty(Similarity.Nearest("bob", ["jasmine", "miles", "jackson", "hudson"]));
}
