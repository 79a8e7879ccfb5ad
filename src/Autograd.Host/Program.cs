// Placeholder until the engine lands: the demo command is wired in by the engine work.
Console.WriteLine(Autograd.Tensor.Ones(2, 2));
