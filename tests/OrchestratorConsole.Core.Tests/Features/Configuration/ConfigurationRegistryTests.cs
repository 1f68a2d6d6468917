using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;

namespace OrchestratorConsole.Core.Tests.Features.Configuration;

public sealed class ConfigurationRegistryTests
{
    /// <summary>The sections the product declares (tests may register sections of their own in this process).</summary>
    private static IEnumerable<SectionDefinition> ProductSections =>
        ConfigurationRegistry.BuiltIn.Where(s => s is SettingsSectionDefinition d && d.SettingsType.Assembly == typeof(ConfigurationRegistry).Assembly);

    private static SectionDefinition? Find(string name) => ConfigurationRegistry.BuiltIn.SingleOrDefault(s => s.Name == name);

    [Fact]
    public void Every_section_of_the_node_is_registered()
    {
        var names = ConfigurationRegistry.BuiltIn.Select(s => s.Name).ToList();

        Assert.Superset(new HashSet<string> { "general", "database", "cluster", "log", "startup" }, names.ToHashSet());
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("general", "name")]
    [InlineData("general", "description")]
    [InlineData("database", "type")]
    [InlineData("database", "host")]
    [InlineData("database", "port")]
    [InlineData("database", "databaseName")]
    [InlineData("database", "userName")]
    [InlineData("database", "password")]
    [InlineData("database", "useSsl")]
    [InlineData("database", "sslMode")]
    [InlineData("database", "instance")]
    [InlineData("database", "domain")]
    [InlineData("database", "useNtlmV2")]
    [InlineData("cluster", "clusterMode")]
    [InlineData("cluster", "activeNodes")]
    [InlineData("cluster", "heartbeatIntervalMs")]
    [InlineData("cluster", "failoverHeartbeats")]
    [InlineData("log", "level")]
    [InlineData("startup", "startServerOnLaunch")]
    public void Every_field_of_the_contract_is_declared_in_its_section(string section, string field)
    {
        var definition = Find(section);

        Assert.NotNull(definition);
        Assert.Equal(field, definition.Field(field)?.Name);
    }

    [Fact]
    public void Computed_values_are_not_fields()
    {
        Assert.Null(Find("database")!.Field("effectivePort"));
        Assert.Null(Find("cluster")!.Field("failoverTimeout"));
    }

    [Fact]
    public void The_database_and_directory_bind_passwords_and_the_webhook_signing_secret_are_the_only_secrets()
    {
        var secrets = ProductSections.SelectMany(s => s.Fields).Where(f => f.IsSecret).Select(f => f.Path);

        Assert.Equal(["database.password", "authentication.bindPassword", "notifications.secret"], secrets);
    }

    [Theory]
    [InlineData("database")]
    [InlineData("cluster")]
    public void Database_and_cluster_fields_are_cluster_relevant_and_need_a_restart(string section)
    {
        Assert.All(Find(section)!.Fields, f =>
        {
            Assert.True(f.Flags.HasFlag(FieldFlags.ClusterRelevant), f.Path);
            Assert.True(f.Flags.HasFlag(FieldFlags.NeedsRestart), f.Path);
            Assert.False(f.Flags.HasFlag(FieldFlags.AppliesLive), f.Path);
            Assert.False(f.Flags.HasFlag(FieldFlags.Identity), f.Path);
        });
    }

    [Fact]
    public void General_fields_are_the_node_identity_and_never_cluster_relevant()
    {
        Assert.All(Find("general")!.Fields, f =>
        {
            Assert.True(f.Flags.HasFlag(FieldFlags.Identity), f.Path);
            Assert.False(f.Flags.HasFlag(FieldFlags.ClusterRelevant), f.Path);
        });
    }

    [Fact]
    public void The_log_level_applies_live_without_a_restart()
    {
        var level = Find("log")!.Field("level")!;

        Assert.True(level.Flags.HasFlag(FieldFlags.AppliesLive));
        Assert.False(level.Flags.HasFlag(FieldFlags.NeedsRestart));
        Assert.False(level.Flags.HasFlag(FieldFlags.ClusterRelevant));
    }

    [Fact]
    public void Database_cluster_authentication_audit_and_notifications_are_the_cluster_relevant_sections()
    {
        var clusterRelevant = ProductSections
            .Where(s => s.Fields.Any(f => f.Flags.HasFlag(FieldFlags.ClusterRelevant)))
            .Select(s => s.Name);

        Assert.Equal(["database", "cluster", "authentication", "audit", "notifications"], clusterRelevant);
    }

    [Fact]
    public void Redact_turns_a_set_secret_into_null_with_has_value_true()
    {
        var database = Find("database")!;
        var clear = new JsonObject { ["type"] = "PostgreSQL", ["host"] = "db1", ["password"] = "S3cret!pw" };

        var view = SectionJson.Redact(database, clear);

        Assert.True(view.ContainsKey("password"));
        Assert.Null(view["password"]);
        Assert.True(view["passwordHasValue"]!.GetValue<bool>());
        Assert.Equal("db1", view["host"]!.GetValue<string>());
        Assert.DoesNotContain("S3cret!pw", view.ToJsonString());
    }

    [Fact]
    public void Redact_reports_an_unset_secret_as_has_value_false()
    {
        var view = SectionJson.Redact(Find("database")!, new JsonObject { ["type"] = "Embedded", ["password"] = null });

        Assert.Null(view["password"]);
        Assert.False(view["passwordHasValue"]!.GetValue<bool>());
    }

    [Fact]
    public void Redact_keeps_every_other_field_of_the_section_and_nothing_else()
    {
        var general = Find("general")!;

        var view = SectionJson.Redact(general, new JsonObject { ["name"] = "node1", ["description"] = "rack 4", ["stray"] = "x" });

        Assert.Equal(["name", "description"], view.Select(p => p.Key));
        Assert.Equal("rack 4", view["description"]!.GetValue<string>());
    }
}
