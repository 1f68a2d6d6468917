using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;

namespace OrchestratorConsole.Api.Tests.Features.ConfigurationTransfer;

/// <summary>Export and import as the Export/Import tab and scripts call them.</summary>
internal static class TransferApi
{
    public const string Mail = "com.vmware.o11n.mail";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<byte[]> ExportAsync(this HttpClient client, string? password)
    {
        using var response = await client.Post("/api/configuration/export", new { password });
        await response.ShouldBeAsync(System.Net.HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync(Ct);
    }

    /// <summary>POSTs <paramref name="file"/> as multipart/form-data to the preview (<paramref name="apply"/> false) or the import.</summary>
    public static async Task<HttpResponseMessage> SendFileAsync(this HttpClient client, byte[] file, string? password, bool apply, string? sections = null, bool? overrideIdentity = null, string fileName = "node-a.vmoconfig", string? secrets = null)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(content, "file", fileName);
        if (password is not null)
        {
            form.Add(new StringContent(password), "password");
        }

        if (sections is not null)
        {
            form.Add(new StringContent(sections), "sections");
        }

        if (overrideIdentity is not null)
        {
            form.Add(new StringContent(overrideIdentity.Value ? "true" : "false"), "overrideIdentity");
        }

        if (secrets is not null)
        {
            form.Add(new StringContent(secrets), "secrets");
        }

        return await client.PostAsync(apply ? "/api/configuration/import" : "/api/configuration/import/preview", form, Ct);
    }

    /// <summary>Changes a password-less file and signs it again as the console does, so it passes the integrity check.</summary>
    public static byte[] Resign(byte[] file, Action<JsonObject> change)
    {
        var document = JsonNode.Parse(file)!.AsObject();
        change(document);
        document.Remove("integrity");
        var hash = Convert.ToBase64String(SHA256.HashData(CanonicalJson.Bytes(document)));
        document["integrity"] = new JsonObject { ["algorithm"] = "SHA-256", ["value"] = hash };
        return CanonicalJson.Bytes(document);
    }

    /// <summary>
    /// What a caller can read of the node's configuration: the revision list, every section, the plug-ins and the
    /// mail plug-in's settings. Equal snapshots mean nothing was written.
    /// </summary>
    public static async Task<string> SnapshotAsync(this HttpClient client)
    {
        var snapshot = new JsonObject { ["revisions"] = await client.GetArrayAsync("/api/configuration/revisions?take=500") };
        foreach (var section in new[] { "general", "database", "cluster", "log", "startup" })
        {
            snapshot[section] = await client.GetOkAsync($"/api/configuration/{section}");
        }

        var plugins = await client.GetArrayAsync("/api/plugins");
        snapshot["plugins"] = plugins;
        if (plugins.Any(p => (string?)p!["id"] == Mail))
        {
            snapshot["mail"] = await client.GetOkAsync($"/api/plugins/{Mail}/configuration");
        }

        return snapshot.ToJsonString();
    }

    /// <summary>Installs the mail sample and gives it an SMTP password, so exports hold an encrypted value.</summary>
    public static async Task InstallConfiguredMailAsync(this HttpClient client, string mailPassword)
    {
        using var form = new MultipartFormDataContent();
        var package = new ByteArrayContent(OrchestratorConsole.Testing.PluginPackages.Sample("mail"));
        package.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(package, "package", "mail.vmoapp");
        using (var install = await client.PostAsync("/api/plugins", form, Ct))
        {
            await install.ShouldBeOkAsync();
        }

        var configuration = await client.GetOkAsync($"/api/plugins/{Mail}/configuration");
        using var save = await client.Put($"/api/plugins/{Mail}/configuration", new
        {
            version = (int)configuration["version"]!,
            values = new { smtpHost = "smtp.example.com", senderAddress = "orchestrator@example.com", password = mailPassword },
        });
        await save.ShouldBeOkAsync();
    }

    public static string Text(byte[] file) => Encoding.UTF8.GetString(file);
}
