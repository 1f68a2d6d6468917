using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrchestratorConsole.Core.Api;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

public static class ConfigurationTransferEndpoints
{
    public static void MapConfigurationTransferEndpoints(this RouteGroupBuilder api)
    {
        var transfer = api.MapGroup("/configuration").WithTags("Configuration export and import");
        transfer.MapPost("/export", async (HttpContext context, ConfigurationTransferService service) =>
        {
            var request = await context.Request.ReadOptionalJsonAsync<ExportRequest>();
            var (content, fileName) = await service.ExportAsync(context.Actor(), request?.Password, context.RequestAborted);
            return TypedResults.File(content, "application/json", fileName);
        }).WithOptionalJsonBody<ExportRequest>()
          .WithSummary("The .vmoconfig file; with a password its secrets are encrypted, without one they are left out");
        transfer.MapPost("/import/preview", async (HttpContext context, ConfigurationTransferService service) =>
        {
            var (content, _, form) = await ReadFileAsync(context);
            return TypedResults.Ok(await service.PreviewAsync(context.Actor(), content, form["password"].ToString() is { Length: > 0 } p ? p : null, context.RequestAborted));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ConfigurationFile.MaxBytes + 1024 * 1024))
          .WithSummary("Per-section, per-field diff of the file against this node; writes nothing")
          .WithMultipartForm("file", ("password", FormFieldType.String));
        transfer.MapPost("/import", async (HttpContext context, ConfigurationTransferService service) =>
        {
            var (content, fileName, form) = await ReadFileAsync(context);
            var sections = form["sections"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (form.ContainsKey("sections") && sections.Length == 0)
            {
                // A list that names nothing is a mistake, not a wish for the default sections: leave the field out for those.
                throw new ValidationFailedException(
                    "No section was named.",
                    new Dictionary<string, string[]> { ["sections"] = ["Name the sections to import, comma-separated (e.g. database,cluster), or leave the field out to import every section the file holds except general."] });
            }

            var request = new ImportRequest(content, form["password"].ToString() is { Length: > 0 } p ? p : null, fileName)
            {
                Sections = sections,
                OverrideIdentity = bool.TryParse(form["overrideIdentity"], out var o) && o,
                ExpectedVersions = form.ContainsKey("expectedVersions") ? ReadExpectedVersions(form["expectedVersions"].ToString()) : null,
                Secrets = form.ContainsKey("secrets") ? ReadSecrets(form["secrets"].ToString()) : new Dictionary<string, string>(),
            };
            return TypedResults.Ok(await service.ApplyAsync(context.Actor(), request, context.RequestAborted));
        }).WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ConfigurationFile.MaxBytes + 1024 * 1024))
          .WithSummary("Apply the chosen sections atomically (default: every section but general; general only with overrideIdentity); expectedVersions is the preview's {section: version}, and a section saved since gets 409; secrets is {\"database.password\": \"...\"} for secrets the file leaves out, required where it changes where they are sent")
          .WithMultipartForm("file", ("password", FormFieldType.String), ("sections", FormFieldType.String), ("overrideIdentity", FormFieldType.Boolean), ("expectedVersions", FormFieldType.String), ("secrets", FormFieldType.String));
    }

    /// <summary>The preview's <c>expectedVersions</c> as the form carries it: a JSON object of section names and whole numbers.</summary>
    private static Dictionary<string, int> ReadExpectedVersions(string text) => ReadFormJson<Dictionary<string, int>>(
        text, "expectedVersions", "expectedVersions must be the JSON object {\"section\": version} that the preview returned, for example {\"database\": 3}.");

    /// <summary>The import's <c>secrets</c> as the form carries them: a JSON object of secret names (as in the file) and their values.</summary>
    private static Dictionary<string, string> ReadSecrets(string text) => ReadFormJson<Dictionary<string, string>>(
        text, "secrets", "secrets must be a JSON object of the secrets the file leaves out and their values, for example {\"database.password\": \"...\"}.");

    private static T ReadFormJson<T>(string text, string field, string message)
        where T : class
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(text) ?? throw new System.Text.Json.JsonException();
        }
        catch (System.Text.Json.JsonException)
        {
            throw ValidationFailedException.For(field, message);
        }
    }

    private static Task<UploadedFile> ReadFileAsync(HttpContext context) =>
        UploadedFile.ReadAsync(context, "file", ConfigurationFile.MaxBytes, length =>
            $"The file is {length / 1048576.0:0.#} MB; a configuration export is at most {ConfigurationFile.MaxBytes / 1048576} MB.");
}
