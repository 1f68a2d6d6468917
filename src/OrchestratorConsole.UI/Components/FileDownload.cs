using Microsoft.JSInterop;

namespace OrchestratorConsole.UI.Components;

/// <summary>Hands a file the console produced to the browser as a download.</summary>
public static class FileDownload
{
    public static async Task SaveAsync(IJSRuntime js, string fileName, string contentType, byte[] content)
    {
        using var stream = new MemoryStream(content);
        using var reference = new DotNetStreamReference(stream);
        await js.InvokeVoidAsync("orchestratorConsole.downloadFile", fileName, contentType, reference);
    }
}
