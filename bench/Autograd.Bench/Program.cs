Console.WriteLine("benchmarks: kernels | engine | cluster");
