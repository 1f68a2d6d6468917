using Microsoft.AspNetCore.Http;
using OrchestratorConsole.Core.Common;

namespace OrchestratorConsole.Core.Api;

/// <summary>A file sent as multipart/form-data, read whole after its size is checked.</summary>
public sealed record UploadedFile(byte[] Content, string FileName, IFormCollection Form)
{
    /// <summary>
    /// Reads the file field <paramref name="field"/>: 400 without a form or the field, 413 (with <paramref name="tooLarge"/>'s
    /// message) above <paramref name="maxBytes"/>.
    /// </summary>
    public static async Task<UploadedFile> ReadAsync(HttpContext context, string field, long maxBytes, Func<long, string> tooLarge)
    {
        if (!context.Request.HasFormContentType)
        {
            throw ValidationFailedException.For(field, $"Send the file as multipart/form-data in a field named '{field}'.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var file = form.Files.GetFile(field) ?? throw ValidationFailedException.For(field, $"The form has no file field named '{field}'.");
        if (file.Length > maxBytes)
        {
            throw new PayloadTooLargeException(tooLarge(file.Length));
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, context.RequestAborted);
        return new UploadedFile(buffer.ToArray(), file.FileName, form);
    }
}
