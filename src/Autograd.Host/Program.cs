using Autograd.Host.Member;

// A small command switch: each command lives in its own folder.
return args.FirstOrDefault() switch
{
    "member" => await MemberCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Autograd.Host member [options]   (" + MemberArguments.Usage + ")");
    return 2;
}
