using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Autograd.Host.Member;

/// <summary>
/// <c>member</c>: runs this process as one member of an Autograd cluster until Ctrl+C or
/// SIGTERM, then leaves the cluster gracefully (Akka.Hosting runs CoordinatedShutdown, whose
/// cluster-leave phase hands the member's place over before the process exits).
/// </summary>
public static class MemberCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        IHost host;
        try
        {
            host = Build(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"member: {e.Message}");
            return 2;
        }
        using (host)
            await host.RunAsync();
        return 0;
    }

    /// <summary>Builds the member's host from appsettings.json (beside the executable),
    /// environment variables and the command line, in that order of precedence.</summary>
    public static IHost Build(IReadOnlyList<string> args, IDictionary<string, string?>? overrides = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(MemberArguments.ToConfiguration(args));
        if (overrides is not null)
            builder.Configuration.AddInMemoryCollection(overrides);
        // One line per entry, so scripts and people can grep the log.
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        var options = ReadOptions(builder.Configuration);
        var tls = options.Transport.Setup(MemberOptions.TlsPrefix);
        builder.Services.AddSingleton(options);
        builder.Services.AddAkka(options.SystemName, (akka, services) =>
            MemberSetup.Configure(akka, options, tls, services.GetRequiredService<ILoggerFactory>()));
        return builder.Build();
    }

    public static MemberOptions ReadOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(MemberOptions.Section).Get<MemberOptions>() ?? new MemberOptions();
        options.Validate();
        return options;
    }
}
