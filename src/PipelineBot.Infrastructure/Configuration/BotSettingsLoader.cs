using Microsoft.Extensions.Configuration;

namespace PipelineBot.Infrastructure.Configuration;

public static class BotSettingsLoader
{
    /// <summary>
    /// Binds section "PipelineBot", checks every value and reference, and builds the domain objects.
    /// </summary>
    /// <exception cref="CatalogException">Listing every problem found, each with its configuration key.</exception>
    public static BotSettings Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(PipelineBotOptions.SectionName).Get<PipelineBotOptions>() ?? new PipelineBotOptions();
        return new SettingsReader(configuration, options).Read();
    }
}
