using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

/// <summary>The cache of each section's newest revision never goes back to an older one, whoever offers it last.</summary>
public sealed class ConfigurationCacheTests
{
    private static ConfigurationRevision Revision(int version) =>
        new() { Section = "general", Version = version, Author = $"admin{version}", Values = $$"""{"name":"v{{version}}"}""" };

    [Fact]
    public void A_slower_reader_or_writer_offering_an_older_revision_does_not_replace_a_newer_one()
    {
        var cache = new ConfigurationCache();
        cache.Offer(Revision(3));

        cache.Offer(Revision(2));

        Assert.True(cache.TryGet("general", out var held));
        Assert.Equal(3, held.Version);
    }

    [Fact]
    public void Offers_from_many_threads_in_any_order_leave_the_highest_version()
    {
        var cache = new ConfigurationCache();

        Parallel.For(1, 500, v => cache.Offer(Revision(v)));

        Assert.True(cache.TryGet("general", out var held));
        Assert.Equal(499, held.Version);
    }
}
