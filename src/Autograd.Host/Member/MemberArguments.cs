namespace Autograd.Host.Member;

/// <summary>
/// Turns <c>member</c> command-line switches into configuration keys under <c>Autograd:</c>.
/// The stock command-line provider keeps only the last of repeated switches, so seeds and
/// roles (lists) are expanded here: <c>--seed a --seed b</c> or <c>--seeds a,b</c> both give
/// <c>Autograd:Seeds:0 = a</c>, <c>Autograd:Seeds:1 = b</c>.
/// </summary>
public static class MemberArguments
{
    private static readonly Dictionary<string, string> Scalars = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--hostname"] = nameof(MemberOptions.Hostname),
        ["--public-hostname"] = nameof(MemberOptions.PublicHostname),
        ["--port"] = nameof(MemberOptions.Port),
        ["--bulk-port"] = nameof(MemberOptions.BulkPort),
        ["--system"] = nameof(MemberOptions.SystemName),
        ["--down-unreachable-after"] = nameof(MemberOptions.DownUnreachableAfter),
        ["--max-connections"] = nameof(MemberOptions.MaxConnections),
    }.Concat(TlsConfiguration.Switches).ToDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<string, string> Lists = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--seed"] = nameof(MemberOptions.Seeds),
        ["--seeds"] = nameof(MemberOptions.Seeds),
        ["--role"] = nameof(MemberOptions.Roles),
        ["--roles"] = nameof(MemberOptions.Roles),
    };

    public const string Usage =
        "member [--hostname H] [--public-hostname H] [--port P] [--seed H:P]... " +
        "[--roles compute,...] [--system autograd] [--down-unreachable-after 00:00:10] [--max-connections 128] " + TlsConfiguration.Usage;

    public static Dictionary<string, string?> ToConfiguration(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var lists = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = SplitSwitch(args, ref i);
            if (Scalars.TryGetValue(name, out var key))
                values[$"{MemberOptions.Section}:{key}"] = value;
            else if (Lists.TryGetValue(name, out var listKey))
            {
                if (!lists.TryGetValue(listKey, out var items))
                    lists[listKey] = items = [];
                items.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }
            else
                throw new ArgumentException($"unknown option '{name}'. Usage: {Usage}");
        }
        foreach (var (listKey, items) in lists)
            for (var j = 0; j < items.Count; j++)
                values[$"{MemberOptions.Section}:{listKey}:{j}"] = items[j];
        return values;
    }

    // Accepts "--port 4053" and "--port=4053".
    private static (string Name, string Value) SplitSwitch(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        if (!arg.StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"expected an option starting with --, got '{arg}'. Usage: {Usage}");
        var equals = arg.IndexOf('=');
        if (equals > 0)
            return (arg[..equals], arg[(equals + 1)..]);
        if (i + 1 >= args.Count)
            throw new ArgumentException($"option '{arg}' needs a value. Usage: {Usage}");
        return (arg, args[++i]);
    }
}
