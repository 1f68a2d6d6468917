using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using OrchestratorConsole.UI.Features.ConfigurationTransfer;

namespace OrchestratorConsole.UI.Tests.Features.ConfigurationTransfer;

/// <summary>What a user does on the Export and import tab before looking at the outcome.</summary>
public static class TransferPageSteps
{
    /// <summary>Chooses <paramref name="file"/> in the import's file input and waits until it can be previewed.</summary>
    public static async Task SelectFileAsync(this IRenderedComponent<ConfigurationTransferPage> page, byte[] file, string fileName)
    {
        await page.InvokeAsync(() => page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(file, fileName)));
        page.WaitForAssertion(() => Assert.False(page.Button("Preview import").HasAttribute("disabled")));
    }

    /// <summary>Chooses the file, types its password (unless null) and waits for the preview.</summary>
    public static async Task PreviewAsync(this IRenderedComponent<ConfigurationTransferPage> page, byte[] file, string fileName, string? password)
    {
        await page.SelectFileAsync(file, fileName);
        if (password is not null)
        {
            page.Field("File password").Change(password);
        }

        await page.ClickAsync("Preview import");
        page.WaitForElement("[data-testid=import-preview]");
    }
}
