using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OrchestratorConsole.Api.Tests.Infrastructure;

namespace OrchestratorConsole.Api.Tests.Features.PlugIns;

/// <summary>Uploads as the Plug-ins tab and scripts send them: multipart/form-data with the file in the field <c>package</c>.</summary>
internal static class PluginUploads
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] package, bool confirmDowngrade = false) =>
        client.UploadAsync(new MemoryStream(package), confirmDowngrade);

    public static async Task<HttpResponseMessage> UploadAsync(this HttpClient client, Stream package, bool confirmDowngrade = false)
    {
        using var form = new MultipartFormDataContent();
        var file = new StreamContent(package);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "package", "package.vmoapp");
        if (confirmDowngrade)
        {
            form.Add(new StringContent("true"), "confirmDowngrade");
        }

        return await client.PostAsync("/api/plugins", form, Ct);
    }

    public static async Task<JsonObject> InstallAsync(this HttpClient client, byte[] package, bool confirmDowngrade = false)
    {
        using var response = await client.UploadAsync(package, confirmDowngrade);
        return await response.ShouldBeOkAsync();
    }

    public static async Task<JsonObject?> FindPluginAsync(this HttpClient client, string id) =>
        (await client.GetArrayAsync("/api/plugins")).SingleOrDefault(p => (string?)p!["id"] == id)?.AsObject();

    /// <summary>Starts the server through the API and waits until it leaves Starting.</summary>
    public static async Task<JsonObject> StartServerAsync(this HttpClient client)
    {
        using (var start = await client.Post("/api/server/start"))
        {
            await start.ShouldBeAsync(System.Net.HttpStatusCode.Accepted);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = await client.GetOkAsync("/api/server");
            if ((string?)status["state"] != "Starting" || DateTime.UtcNow > deadline)
            {
                return status;
            }

            await Task.Delay(100, Ct);
        }
    }
}
