using System.Data.Common;
using Microsoft.AspNetCore.Connections;
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

try
{
    await app.Services.MigrateStorageAsync();
}
catch (DbException e)
{
    // Not a defect to trace but a database to reach: whoever runs the bot (or its supervisor, which restarts it) acts.
    await Console.Error.WriteLineAsync($"PipelineBot cannot start: the database does not answer: {e.Message} Check PipelineBot:Storage (its Provider and ConnectionString).");
    return 1;
}

try
{
    await app.StartAsync();
}
catch (IOException e) when (e.InnerException is AddressInUseException)
{
    await Console.Error.WriteLineAsync($"PipelineBot cannot start: {e.Message} Is it running already? Stop that one, or listen elsewhere (ASPNETCORE_URLS).");
    return 1;
}

await app.WaitForShutdownAsync();
return 0;
