using PipelineBot.Host;
using PipelineBot.Infrastructure;
using PipelineBot.Infrastructure.Configuration;

WebApplication app;
try
{
    app = BotHost.Build(args);
}
catch (CatalogException e)
{
    // The operator's to fix in the configuration: the problems, each with its key, are the whole story.
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}

await app.Services.MigrateStorageAsync();
await app.RunAsync();
return 0;
