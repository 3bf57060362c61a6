using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;

namespace PipelineBot.Testing;

/// <summary>The official Adaptive Cards 1.5 JSON Schema (draft-06), from the fixtures.</summary>
public static class AdaptiveCardSchema
{
    private static readonly JSchema Schema = JSchema.Parse(File.ReadAllText(RepositoryFiles.Fixture("adaptivecards/schemas/1.5.0/adaptive-card.json")));

    /// <summary>Every leaf validation error of <paramref name="card"/> as "path: message"; none when it is valid.</summary>
    public static IReadOnlyList<string> Errors(JsonNode card) => Errors(card.ToJsonString());

    public static IReadOnlyList<string> Errors(string json)
    {
        JToken.Parse(json).IsValid(Schema, out IList<ValidationError> errors);
        return [.. Leaves(errors).Select(e => $"{e.Path}: {e.Message}").Distinct()];
    }

    private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e.ChildErrors.Count == 0 ? [e] : Leaves(e.ChildErrors));
}
