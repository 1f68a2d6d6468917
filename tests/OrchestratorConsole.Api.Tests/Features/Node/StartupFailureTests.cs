using Microsoft.AspNetCore.Connections;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.Hosting;

namespace OrchestratorConsole.Api.Tests.Features.Node;

/// <summary>The one line a failed start prints, for the failures a person can act on.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public void A_data_directory_in_use_is_described_by_its_own_message_naming_the_key()
    {
        var refused = new DataDirectoryInUseException("/srv/node1");

        Assert.Equal(refused.Message, StartupFailure.Describe(refused));
        Assert.StartsWith("Node:DataDirectory '/srv/node1' is in use by another running console", refused.Message);
    }

    [Fact]
    public void A_port_in_use_is_described_by_the_server_message_and_another_IO_failure_is_not_described()
    {
        var bind = new IOException("Failed to bind to address http://127.0.0.1:8283: address already in use.", new AddressInUseException("Address already in use"));

        Assert.Equal(bind.Message, StartupFailure.Describe(bind));
        Assert.Null(StartupFailure.Describe(new IOException("address already in use")));
    }
}
