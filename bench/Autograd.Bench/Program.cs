using Autograd.Bench;

// One line per command; each command lives in its own file.
return args.FirstOrDefault() switch
{
    "kernels" => KernelBench.Run(args[1..]),
    "engine" => await EngineBench.RunAsync(args[1..]),
    "cluster" => await ClusterBench.RunAsync(args[1..]),
    "train" => await TrainBench.RunAsync(args[1..]),
    "wire" => await Autograd.Bench.Wire.WireBench.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Autograd.Bench -- <command>");
    Console.Error.WriteLine("commands:");
    Console.Error.WriteLine("  kernels   elementwise add and 1024³ matmul beside copy bandwidth, FMA peak and PyTorch");
    Console.Error.WriteLine("  kernels blocking   Gemm cache-blocking sweep and the small-product crossover");
    Console.Error.WriteLine("  kernels skinny     only the skinny products (10 output columns) beside copy bandwidth");
    Console.Error.WriteLine("  engine    seed walkthrough, 10k scalar chain, 16M tanh graph, MLP steps beside PyTorch");
    Console.Error.WriteLine("  engine --phases    where the engine's time goes: build, forward, backward, dispose");
    Console.Error.WriteLine("  cluster [steps] [K ...]   parameter-server step on K = 1, 2, 4 members beside PyTorch's distributed autograd");
    Console.Error.WriteLine("  train [--epochs N]        digits MLP training job on 1 and 3 members beside PyTorch (gloo DDP for 3)");
    Console.Error.WriteLine("  wire [runs]               tensor transfers 1 MB to 1 GB beside raw loopback TCP: throughput and memory");
    Console.Error.WriteLine("  wire probe [runs]         issue 11's probes: 100 MB up and back, a 200 MB gradient read, client memory");
    return 2;
}
