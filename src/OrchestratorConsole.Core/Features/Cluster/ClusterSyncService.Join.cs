using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.ConfigurationTransfer;
using OrchestratorConsole.Core.Features.PlugIns;
using OrchestratorConsole.Core.Features.Trust;

namespace OrchestratorConsole.Core.Features.Cluster;

// Join: this node takes another node's configuration and plug-ins, over TLS to a certificate that is trusted or that
// the administrator approved for this join.
public sealed partial class ClusterSyncService
{
    /// <summary>Takes another node's configuration and the plug-ins this node lacks, previews and applies it.</summary>
    public async Task<JoinResult> JoinAsync(Actor actor, string? nodeUrl, string? userName, string? password, string? trustedCertificateSha256 = null, CancellationToken cancellationToken = default)
    {
        actor.DemandAdministrator();
        TextLimits.Demand("userName", "The administrator user name", userName, TextLimits.UserName);
        TextLimits.Demand("password", "The administrator password", password, TextLimits.Password);
        var (baseUri, warnings) = PeerAddress.Check(nodeUrl);
        var check = new PeerCertificateCheck { AcceptOnce = ApprovedFingerprint(trustedCertificateSha256) };
        using var client = nodes.ClientFor(baseUri);
        using var packageClient = nodes.ClientFor(baseUri, NodeToNodeClient.PackageHttpClientName);
        using var tokenResponse = await nodes.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, "api/auth/token") { Content = JsonContent.Create(new { userName, password }) }, cancellationToken, check);
        await NodeToNodeClient.EnsureOkAsync(tokenResponse, baseUri, "refused the sign-in", cancellationToken);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))?["token"]?.GetValue<string>()
            ?? throw new ConflictException($"{baseUri} answered the sign-in without a token: is it an Orchestrator Console?", "Join failed");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        packageClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;

        var exportPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        using var exportResponse = await nodes.SendAsync(client, new HttpRequestMessage(HttpMethod.Post, "api/configuration/export") { Content = JsonContent.Create(new { password = exportPassword }) }, cancellationToken, check);
        await NodeToNodeClient.EnsureOkAsync(exportResponse, baseUri, "refused the export", cancellationToken);
        var file = await exportResponse.Content.ReadAsByteArrayAsync(cancellationToken);

        using var pluginsResponse = await nodes.SendAsync(client, new HttpRequestMessage(HttpMethod.Get, "api/plugins"), cancellationToken, check);
        await NodeToNodeClient.EnsureOkAsync(pluginsResponse, baseUri, "refused the plug-in list", cancellationToken);
        var theirs = await pluginsResponse.Content.ReadFromJsonAsync<List<PluginSummary>>(ConfigurationRegistry.JsonOptions, cancellationToken) ?? [];
        var local = (await plugins.VersionsAsync(cancellationToken)).ToDictionary(p => p.Id, p => p.Version);
        var installed = new List<string>();
        var staged = new List<StagedPackage>();
        ImportPreview preview;
        ImportResult applied;
        try
        {
            // Every package is fetched and checked before anything changes here; they are installed in the same step as the import.
            foreach (var plugin in theirs.Where(p => local.GetValueOrDefault(p.Id) != p.Version))
            {
                using var package = await nodes.SendAsync(packageClient, new HttpRequestMessage(HttpMethod.Get, $"api/plugins/{Uri.EscapeDataString(plugin.Id)}/package"), cancellationToken, check);
                await NodeToNodeClient.EnsureOkAsync(package, baseUri, $"refused the package of {plugin.Name}", cancellationToken);
                await using var stream = await package.Content.ReadAsStreamAsync(cancellationToken);
                StagedPackage one;
                try
                {
                    one = await packages.StageAsync(stream, cancellationToken);
                }
                catch (PluginPackageException ex)
                {
                    throw new PluginPackageException($"The package of {plugin.Name} {plugin.Version} from {baseUri} is refused: {ex.Message} Nothing was changed on this node.");
                }

                staged.Add(one);
                if (one.Manifest.Id != plugin.Id || one.Manifest.Version.ToString() != plugin.Version)
                {
                    throw new ConflictException($"{baseUri} sent {one.Manifest.Id} {one.Manifest.Version} as the package of {plugin.Id} {plugin.Version}. Nothing was changed on this node.", "Join failed");
                }

                installed.Add($"{plugin.Name} {plugin.Version}");
            }

            var request = new ImportRequest(file, exportPassword, $"{baseUri.Authority}.vmoconfig") { Packages = staged };
            preview = await transfer.PreviewAsync(actor, request, cancellationToken);
            applied = await transfer.ApplyAsync(actor, request with { ExpectedVersions = preview.ExpectedVersions }, cancellationToken);
        }
        finally
        {
            staged.ForEach(s => s.Dispose());
        }

        await TrustAfterJoinAsync(actor, check, baseUri, warnings, cancellationToken);
        await audit.RecordAsync(actor, "cluster.join", null, $"joined through {baseUri}; plug-ins installed: {(installed.Count == 0 ? "none" : string.Join(", ", installed))}", cancellationToken: cancellationToken);
        return new JoinResult(baseUri.ToString(), warnings, installed, preview, applied);
    }

    /// <summary>The fingerprint an administrator approved, checked: 64 hex digits.</summary>
    private static string? ApprovedFingerprint(string? sha256)
    {
        if (sha256 is null)
        {
            return null;
        }

        var value = sha256.Trim().ToLowerInvariant();
        return value.Length == 64 && value.All(Uri.IsHexDigit)
            ? value
            : throw ValidationFailedException.For("trustedCertificateSha256", "The approved certificate's fingerprint is its SHA-256 in 64 hexadecimal digits, as the first answer named it.");
    }

    /// <summary>
    /// After a join over TLS: the other node's certificate, if the administrator approved it for this join, and this
    /// node's own, vouched for by the administrator who joined it, go into the cluster's trust list (the database the
    /// node now shares), so each node trusts the other from now on. What cannot be written is a warning, not a failure:
    /// the join has been applied.
    /// </summary>
    private async Task TrustAfterJoinAsync(Actor actor, PeerCertificateCheck check, Uri baseUri, List<string> warnings, CancellationToken cancellationToken)
    {
        if (baseUri.Scheme != Uri.UriSchemeHttps)
        {
            return;
        }

        try
        {
            if (check is { AcceptedOnce: true, Presented: { } presented })
            {
                await trust.TrustPresentedAsync(actor, presented, baseUri, cancellationToken);
            }

            if (certificate.Current is { } own)
            {
                await trust.TrustPresentedAsync(actor, own, address.HttpsUrl, cancellationToken);
            }
        }
        catch (ConsoleException ex)
        {
            warnings.Add($"The certificates could not be added to the SSL trust list: {ex.Message} Approve them on the SSL trust page.");
        }
    }
}
