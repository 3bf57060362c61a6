using BenchmarkDotNet.Running;
using PipelineBot.Benchmarks;

// `clocks` is a single long measurement on the real clock; everything else goes to BenchmarkDotNet.
if (args.FirstOrDefault() == "clocks")
{
    return await ClockLateness.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
