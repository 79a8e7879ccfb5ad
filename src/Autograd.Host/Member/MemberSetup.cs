using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Event;
using Akka.Hosting;
using Autograd.Cluster;
using Autograd.Logs;
using Autograd.Transport;
using Microsoft.Extensions.Logging;

namespace Autograd.Host.Member;

/// <summary>The Akka.Hosting configuration of a member: its <see cref="TransportSettings"/> rendered as
/// remoting and clustering HOCON (split brain resolver on) plus the TLS setup, logging into the host's
/// Microsoft.Extensions.Logging (<see cref="AkkaLogger"/>: one category per logging class, normal
/// events at info), and the member's actors.</summary>
public static class MemberSetup
{
    /// <param name="tls">The TLS setup, loaded by the caller before the host starts (so a missing
    /// certificate fails the command at once, naming the setting); null when TLS is off.</param>
    /// <param name="logs">The host's logging, where Akka's log goes.</param>
    public static AkkaConfigurationBuilder Configure(AkkaConfigurationBuilder akka, MemberOptions options, Setup? tls, ILoggerFactory logs)
    {
        var roles = options.EffectiveRoles;
        var transport = options.Transport;
        var logSetup = new AkkaLogSetup(logs);
        if (tls is not null) akka.AddSetup(tls);
        akka.AddSetup(logSetup);
        return akka
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogger>();
            })
            .WithActorRefProvider(ProviderSelection.Cluster.Instance)
            .AddHocon(logSetup.Config()
                .WithFallback(transport.ClusterConfig(roles, options.SeedAddresses))
                .WithFallback(transport.RemoteConfig()), HoconAddMode.Prepend)
            // The serializer binding and dispatchers (the same on every member and client), under everything
            // above; a member process runs its node actors on threads of their own (AutogradConfig.MemberProcess).
            .AddHocon(AutogradConfig.MemberProcess.WithFallback(AutogradConfig.Default), HoconAddMode.Append)
            .WithActors((system, _) =>
            {
                if (!transport.Tls.Enabled) system.Log.Warning(TransportSettings.PlainTextWarning);
                system.ActorOf(ClusterStatusLogger.Props(MemberRoles.Compute), "cluster-status");
                // Only compute members host graph nodes.
                if (roles.Contains(MemberRoles.Compute))
                    MemberActors.Start(system);
            });
    }
}
