using Autograd.Host.Demo;
using Autograd.Host.Member;

// One executable, a command per role. Keep this a small switch: each command lives in its own folder.
switch (args.FirstOrDefault())
{
    case "demo":
        await SeedWalkthrough.RunAsync(Console.Out);
        Console.WriteLine();
        await ShardedExample.RunAsync(Console.Out);
        return 0;
    case "member":
        return await MemberCommand.RunAsync(args[1..]);
    default:
        Console.Error.WriteLine("usage: Autograd.Host <command>");
        Console.Error.WriteLine("  demo    the seed autograd walkthrough on an embedded engine");
        Console.Error.WriteLine("  member  run as a cluster member: " + MemberArguments.Usage);
        return 2;
}
