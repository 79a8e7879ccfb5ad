using Akka.Configuration;

namespace Autograd.Host.Tests.Wire;

/// <summary>An ActorSystem with remoting on a free loopback port and the project's configuration.</summary>
internal static class WireConfig
{
    public static Config Remote(string extra = "") =>
        ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = INFO
            {{extra}}
            """).WithFallback(AutogradConfig.Default);
}
