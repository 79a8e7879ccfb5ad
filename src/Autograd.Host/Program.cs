using Autograd.Host.Demo;

// One executable, a command per role. Keep this a small switch: each command lives in its own folder.
switch (args.FirstOrDefault())
{
    case "demo":
        await SeedWalkthrough.RunAsync(Console.Out);
        return 0;
    default:
        Console.Error.WriteLine("usage: Autograd.Host <command>");
        Console.Error.WriteLine("  demo    the seed autograd walkthrough on an embedded engine");
        return 2;
}
