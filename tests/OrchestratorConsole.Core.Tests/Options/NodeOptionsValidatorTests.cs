using Microsoft.Extensions.Options;
using OrchestratorConsole.Core.Options;

namespace OrchestratorConsole.Core.Tests.Options;

public sealed class NodeOptionsValidatorTests
{
    private readonly NodeOptionsValidator _validator = new();

    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new NodeOptions()).Succeeded);
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_the_connection_string_key()
    {
        var options = new NodeOptions { SettingsStore = { Provider = SettingsStoreProvider.Postgres } };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Node:SettingsStore:ConnectionString", failure);
        Assert.Contains("Postgres", failure);
    }

    [Fact]
    public void Postgres_with_a_connection_string_is_valid()
    {
        var options = new NodeOptions { SettingsStore = { Provider = SettingsStoreProvider.Postgres, ConnectionString = "Host=db;Database=node" } };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("/relative/path")]
    [InlineData("ftp://node1.example.com/")]
    public void A_public_url_that_is_not_an_absolute_http_address_names_the_public_url_key(string publicUrl)
    {
        var result = _validator.Validate(null, new NodeOptions { PublicUrl = publicUrl });

        var failure = Assert.Single(result.Failures!);
        Assert.Contains("Node:PublicUrl", failure);
        Assert.Contains(publicUrl, failure);
    }

    [Theory]
    [InlineData("http://node1.example.com:8283")]
    [InlineData("https://10.0.0.5:8283/")]
    public void An_absolute_http_or_https_public_url_is_valid(string publicUrl)
    {
        Assert.True(_validator.Validate(null, new NodeOptions { PublicUrl = publicUrl }).Succeeded);
    }

    [Fact]
    public void A_blank_data_directory_names_the_data_directory_key()
    {
        var failure = Assert.Single(_validator.Validate(null, new NodeOptions { DataDirectory = " " }).Failures!);

        Assert.Contains("Node:DataDirectory", failure);
    }

    [Fact]
    public async Task A_node_configured_for_Postgres_without_a_connection_string_does_not_start_and_names_the_key()
    {
        var options = new NodeHostOptions { Settings = new Dictionary<string, string?> { ["Node:SettingsStore:Provider"] = "Postgres" } };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeHost.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.Contains("Node:SettingsStore:ConnectionString", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_with_a_bad_public_url_does_not_start_and_names_the_key()
    {
        var options = new NodeHostOptions { Settings = new Dictionary<string, string?> { ["Node:PublicUrl"] = "node1:8283" } };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeHost.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains(error.Failures, f => f.Contains("Node:PublicUrl", StringComparison.Ordinal));
    }
}
