using Newtonsoft.Json.Linq;
using Newtonsoft.Json.Schema;
using PipelineBot.Testing;

namespace PipelineBot.Host.Tests.WebChat;

/// <summary>Validates bodies against the definitions of the official Direct Line 3.0 Swagger (tests/fixtures).</summary>
public static class DirectLineSpec
{
    private static readonly JObject Definitions = (JObject)JObject.Parse(File.ReadAllText(RepositoryFiles.Fixture("botframework/specs/directline-3.0.json")))["definitions"]!;

    /// <summary>The schema errors of <paramref name="json"/> as the spec's <paramref name="definition"/>, none when it conforms.</summary>
    public static IList<string> Errors(string json, string definition)
    {
        // Swagger 2.0 definitions are JSON Schema (draft 4 subset) referring to each other as #/definitions/X.
        var schema = JSchema.Parse(new JObject { ["$ref"] = $"#/definitions/{definition}", ["definitions"] = Definitions.DeepClone() }.ToString());
        JToken.Parse(json).IsValid(schema, out IList<string> errors);
        return errors;
    }
}
