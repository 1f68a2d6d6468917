using Bunit;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.UI.Features.ConfigurationTransfer;

namespace OrchestratorConsole.UI.Tests.Features.ConfigurationTransfer;

/// <summary>A panel of the import describes the state it was made for: an error goes once the import has moved on.</summary>
public sealed class ImportPanelStalePanelTests : TransferTestContext
{
    [Fact]
    public async Task A_wrong_password_message_goes_when_the_preview_with_the_right_one_succeeds()
    {
        var (file, fileName) = await Transfer.ExportAsync(Admin, ExportPassword, Cancellation);
        SignInAs(Roles.Administrator);
        var rendered = RenderPage<ConfigurationTransferPage>();
        var page = rendered.Page;
        await page.SelectFileAsync(file, fileName);
        page.Field("File password").Change("Wrong#Pass1");
        await page.ClickAsync("Preview import");
        page.WaitForAssertion(() => Assert.Contains("The password is wrong", page.Find("[data-testid=import-error]").TextContent));

        page.Field("File password").Change(ExportPassword);
        await page.ClickAsync("Preview import");

        page.WaitForElement("[data-testid=import-preview]");
        Assert.DoesNotContain("The password is wrong", page.Markup);
        Assert.DoesNotContain("The password is wrong", rendered.Snackbars.Markup);
    }
}
