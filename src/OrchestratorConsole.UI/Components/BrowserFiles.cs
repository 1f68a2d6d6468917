using Microsoft.AspNetCore.Components.Forms;

namespace OrchestratorConsole.UI.Components;

/// <summary>Reads a file chosen in the browser, whole, up to a limit.</summary>
public static class BrowserFiles
{
    /// <summary>The file's bytes, or null with <paramref name="error"/> set when it cannot be read.</summary>
    public static async Task<(byte[]? Content, string? Error)> ReadAsync(IBrowserFile file, long maxBytes)
    {
        try
        {
            await using var stream = file.OpenReadStream(maxBytes);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return (buffer.ToArray(), null);
        }
        catch (IOException ex)
        {
            return (null, $"The file could not be read: {ex.Message}");
        }
    }
}
