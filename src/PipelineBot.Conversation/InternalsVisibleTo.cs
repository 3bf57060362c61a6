using System.Runtime.CompilerServices;

// The grammar's pieces (date phrases, name matching) are tested on their own, beside the answers through IConversation.
[assembly: InternalsVisibleTo("PipelineBot.Conversation.Tests")]

// The understanding's speed is measured on its own.
[assembly: InternalsVisibleTo("PipelineBot.Benchmarks")]
