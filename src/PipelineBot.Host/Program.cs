using PipelineBot.Host;
using PipelineBot.Infrastructure;

var app = BotHost.Build(args);
await app.Services.PrepareStorageAsync();
await app.RunAsync();
