using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Testing;

namespace OrchestratorConsole.Core.Tests.Features.PlugIns;

/// <summary>The rules of <c>plugin.json</c>: each broken rule is named in its own words.</summary>
public sealed class PluginManifestParserTests
{
    [Fact]
    public void The_sample_mail_manifest_is_read_with_its_schema_and_content()
    {
        var manifest = PluginManifestParser.Parse(Encoding.UTF8.GetBytes(PluginPackages.ReadEntry(PluginPackages.Sample("mail"), "plugin.json")));

        Assert.Equal("com.vmware.o11n.mail", manifest.Id);
        Assert.Equal("Mail", manifest.Name);
        Assert.Equal("7.0.1", manifest.Version.ToString());
        Assert.Equal(["smtpHost", "smtpPort", "useSsl", "userName", "password", "senderAddress"], manifest.Configuration.Select(f => f.Name));
        Assert.Equal(PluginFieldType.Port, manifest.Configuration.Single(f => f.Name == "smtpPort").Type);
        Assert.Equal(25, manifest.Configuration.Single(f => f.Name == "smtpPort").Default!.Value.GetInt32());
        Assert.Equal(PluginFieldType.Secret, manifest.Configuration.Single(f => f.Name == "password").Type);
        Assert.Equal(3, manifest.Content.Count);
    }

    [Fact]
    public void Host_and_port_fields_are_targets_by_default_and_the_schema_marks_others_with_target_true()
    {
        var manifest = PluginManifestParser.Parse(Encoding.UTF8.GetBytes(PluginPackages.ReadEntry(PluginPackages.Sample("mail"), "plugin.json")));

        var section = new PluginSectionDefinition(manifest);

        Assert.Equal(["smtpHost", "smtpPort", "useSsl", "userName"], section.Fields.Where(f => f.IsTarget).Select(f => f.Name));
        Assert.True(section.Field("userName")!.Flags.HasFlag(FieldFlags.Target));
    }

    [Fact]
    public void A_field_without_target_true_is_not_a_target_unless_its_type_names_a_place()
    {
        var manifest = Parse(With(m => ((JsonArray)m["configuration"]!).Add(new JsonObject { ["name"] = "tenant", ["label"] = "Tenant", ["type"] = "string", ["target"] = true })));
        var plain = Parse(With(m => ((JsonArray)m["configuration"]!).Add(new JsonObject { ["name"] = "tenant", ["label"] = "Tenant", ["type"] = "string" })));

        Assert.Equal(["host", "port", "tenant"], new PluginSectionDefinition(manifest).Fields.Where(f => f.IsTarget).Select(f => f.Name));
        Assert.Equal(["host", "port"], new PluginSectionDefinition(plain).Fields.Where(f => f.IsTarget).Select(f => f.Name));
    }

    [Fact]
    public void A_valid_manifest_is_accepted()
    {
        var manifest = Parse(PluginPackages.Manifest());

        Assert.Equal(PluginPackages.TestId, manifest.Id);
        Assert.Equal(["test.first", "test.second"], manifest.Content.Select(c => c.Id));
    }

    [Theory]
    [InlineData("{ \"id\": ", "plugin.json is not valid JSON")]
    [InlineData("not json at all", "plugin.json is not valid JSON")]
    [InlineData("{ \"id\": \"com.example.test\", \"configuration\": \"host\" }", "plugin.json is not valid JSON")]
    [InlineData("null", "plugin.json is empty")]
    public void A_malformed_manifest_is_refused_as_not_valid_json(string json, string expected)
    {
        var refused = Assert.Throws<PluginPackageException>(() => PluginManifestParser.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Contains(expected, refused.Message);
    }

    [Theory]
    [InlineData("Com.Example")]
    [InlineData("ab")]
    [InlineData("-com.example")]
    [InlineData("com.example.")]
    [InlineData("com example")]
    [InlineData("com/example")]
    [InlineData("")]
    public void A_bad_id_is_refused(string id)
    {
        AssertRefused(m => m["id"] = id, $"The id '{id}' must be 3 to 100 lowercase letters, digits, '.' or '-'");
    }

    [Fact]
    public void A_missing_id_is_refused()
    {
        AssertRefused(m => m.Remove("id"), "The id '' must be 3 to 100 lowercase letters");
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("one")]
    [InlineData("1.0.0.0")]
    public void A_bad_version_is_refused(string version)
    {
        AssertRefused(m => m["version"] = version, $"The version '{version}' is not a semantic version");
    }

    [Fact]
    public void An_unknown_field_type_is_refused_and_the_known_types_are_listed()
    {
        AssertRefused(
            m => m["configuration"]!.AsArray().Add(new JsonObject { ["name"] = "tint", ["type"] = "color" }),
            "The configuration field 'tint' has the unknown type 'color'; types: string, integer, boolean, secret, host, port, url.");
    }

    [Fact]
    public void A_field_type_given_as_an_enum_number_is_refused()
    {
        AssertRefused(m => m["configuration"]!.AsArray().Add(new JsonObject { ["name"] = "tint", ["type"] = "3" }), "has the unknown type '3'");
    }

    [Fact]
    public void A_field_declared_twice_is_refused()
    {
        AssertRefused(m => m["configuration"]!.AsArray().Add(new JsonObject { ["name"] = "Host", ["type"] = "string" }), "The configuration field 'Host' is declared twice.");
    }

    [Fact]
    public void A_field_name_that_is_not_an_identifier_is_refused()
    {
        AssertRefused(m => m["configuration"]!.AsArray().Add(new JsonObject { ["name"] = "2nd host", ["type"] = "string" }), "The configuration field name '2nd host' must start with a letter");
    }

    [Fact]
    public void A_secret_with_a_default_is_refused()
    {
        AssertRefused(m => m["configuration"]![2]!["default"] = "hunter2", "The secret field 'password' may not have a default.");
    }

    [Fact]
    public void A_content_id_used_twice_is_refused()
    {
        AssertRefused(
            m => m["content"]!.AsArray().Add(new JsonObject { ["id"] = "test.first", ["kind"] = "action", ["name"] = "Again", ["file"] = "content/again.json" }),
            "The content id 'test.first' is used twice.");
    }

    [Fact]
    public void An_unknown_content_kind_is_refused()
    {
        AssertRefused(m => m["content"]![0]!["kind"] = "script", "The content item 'test.first' has the kind 'script'; kinds: workflow, action.");
    }

    [Fact]
    public void A_content_item_without_a_file_is_refused()
    {
        AssertRefused(m => m["content"]![1]!.AsObject().Remove("file"), "The content item 'test.second' names no file.");
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Mail <b>bold</b>")]
    [InlineData("Line\nbreak")]
    public void A_name_with_markup_or_control_characters_is_refused(string name)
    {
        AssertRefused(m => m["name"] = name, "contains markup or control characters");
    }

    [Fact]
    public void A_vendor_with_markup_is_refused()
    {
        AssertRefused(m => m["vendor"] = "<img src=x onerror=alert(1)>", "The vendor '<img src=x onerror=alert(1)>' contains markup");
    }

    [Fact]
    public void A_label_with_markup_is_refused()
    {
        AssertRefused(m => m["configuration"]![0]!["label"] = "<i>Host</i>", "The label of 'host' contains markup.");
    }

    [Fact]
    public void A_missing_name_is_refused()
    {
        AssertRefused(m => m.Remove("name"), "The name is required.");
    }

    [Fact]
    public void Every_broken_rule_is_named_in_one_refusal()
    {
        var refused = Assert.Throws<PluginPackageException>(() => Parse(With(m =>
        {
            m["id"] = "BAD";
            m["version"] = "1";
            m["configuration"]!.AsArray().Add(new JsonObject { ["name"] = "tint", ["type"] = "color" });
        })));

        Assert.StartsWith("The manifest plugin.json is invalid:", refused.Message);
        Assert.Contains("The id 'BAD'", refused.Message);
        Assert.Contains("The version '1'", refused.Message);
        Assert.Contains("unknown type 'color'", refused.Message);
    }

    private static void AssertRefused(Action<JsonObject> change, string expected)
    {
        var refused = Assert.Throws<PluginPackageException>(() => Parse(With(change)));
        Assert.Contains(expected, refused.Message);
    }

    private static JsonObject With(Action<JsonObject> change)
    {
        var manifest = PluginPackages.Manifest();
        change(manifest);
        return manifest;
    }

    private static PluginManifest Parse(JsonObject manifest) => PluginManifestParser.Parse(Encoding.UTF8.GetBytes(manifest.ToJsonString()));
}
