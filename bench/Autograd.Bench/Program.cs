using Autograd.Bench;

// dotnet run -c Release --project bench/Autograd.Bench -- <command> [options]
return args.FirstOrDefault() switch
{
    "engine" => await EngineBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("benchmarks: kernels | engine | cluster");
    return 2;
}
