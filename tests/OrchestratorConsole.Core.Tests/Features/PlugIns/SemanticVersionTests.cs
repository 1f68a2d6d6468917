using OrchestratorConsole.Core.Features.PlugIns;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("1.4.0", 1, 4, 0, null)]
    [InlineData("0.0.0", 0, 0, 0, null)]
    [InlineData("7.0.1-rc.2", 7, 0, 1, "rc.2")]
    [InlineData("1.0.0-alpha+build.5", 1, 0, 0, "alpha")]
    [InlineData("1.0.0+20130313144700", 1, 0, 0, null)]
    public void A_valid_version_is_read_into_its_parts(string text, int major, int minor, int patch, string? preRelease)
    {
        Assert.True(SemanticVersion.TryParse(text, out var version));

        Assert.Equal(new SemanticVersion(major, minor, patch, preRelease), version);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0+")]
    [InlineData("1.0.0 ")]
    [InlineData("")]
    [InlineData(null)]
    public void A_text_that_is_not_a_semantic_version_is_refused(string? text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
    }

    [Fact]
    public void Versions_follow_semver_precedence()
    {
        string[] ascending = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "10.0.0"];
        var versions = ascending.Select(Parse).ToList();

        for (var i = 1; i < versions.Count; i++)
        {
            Assert.True(versions[i - 1].CompareTo(versions[i]) < 0, $"{ascending[i - 1]} should come before {ascending[i]}");
            Assert.True(versions[i].CompareTo(versions[i - 1]) > 0, $"{ascending[i]} should come after {ascending[i - 1]}");
        }

        Assert.Equal(ascending, versions.OrderByDescending(v => v).Reverse().Select(v => v.ToString()));
    }

    [Fact]
    public void Build_metadata_is_ignored_in_precedence()
    {
        Assert.Equal(0, Parse("1.0.0+build.1").CompareTo(Parse("1.0.0+build.2")));
        Assert.Equal(0, Parse("1.0.0+build.1").CompareTo(Parse("1.0.0")));
        Assert.Equal("1.0.0", Parse("1.0.0+build.1").ToString());
    }

    [Fact]
    public void Numeric_pre_release_identifiers_too_long_for_an_int_still_compare_as_numbers()
    {
        Assert.True(Parse("1.0.0-9000000000").CompareTo(Parse("1.0.0-10000000000")) < 0);
        Assert.True(Parse("1.0.0-rc.99999999999").CompareTo(Parse("1.0.0-rc.100000000000")) < 0);
        Assert.True(Parse("1.0.0-99999999999").CompareTo(Parse("1.0.0-a")) < 0);
    }

    private static SemanticVersion Parse(string text)
    {
        Assert.True(SemanticVersion.TryParse(text, out var version), text);
        return version;
    }
}
