using Autograd.Host.Demo;
using Autograd.Host.DevCerts;
using Autograd.Host.Member;
using Autograd.Host.Train;

// One executable, a command per role. Keep this a small switch: each command lives in its own folder.
switch (args.FirstOrDefault())
{
    case "train":
        return await TrainCommand.RunAsync(args[1..]);
    case "demo":
        await SeedWalkthrough.RunAsync(Console.Out);
        Console.WriteLine();
        await ShardedExample.RunAsync(Console.Out);
        return 0;
    case "member":
        return await MemberCommand.RunAsync(args[1..]);
    case "dev-certs":
        return await DevCertsCommand.RunAsync(args[1..]);
    default:
        Console.Error.WriteLine("usage: Autograd.Host <command>");
        Console.Error.WriteLine("  train   train an MLP classifier data-parallel on an embedded cluster (the main job; train --help)");
        Console.Error.WriteLine("  demo    the seed autograd walkthrough on an embedded engine");
        Console.Error.WriteLine("  member  run as a cluster member: " + MemberArguments.Usage);
        Console.Error.WriteLine("  dev-certs  write a development CA and member and client certificates (dev-certs --help)");
        return 2;
}
