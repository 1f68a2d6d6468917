using Microsoft.Playwright;

namespace OrchestratorConsole.Browser.Tests.Pages;

/// <summary>/configuration-transfer: export this node's configuration, preview and apply an import, join a cluster.</summary>
public sealed class ExportImportPage(IPage page) : ConsoleShell(page)
{
    public const string Path = "/configuration-transfer";

    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Export and import", Level = 1 });

    public ILocator ExportPassword => Page.GetByLabel("Export password", new() { Exact = true });

    public ILocator ConfirmExportPassword => Page.GetByLabel("Confirm export password", new() { Exact = true });

    public ILocator ExportButton => Button("Export configuration");

    public ILocator ImportFile => Page.Locator("input[type=file][accept='.vmoconfig']");

    /// <summary>The chosen file's name beside the upload button, or "No file chosen".</summary>
    public ILocator ImportFileName => Page.GetByTestId("import-file-name");

    public ILocator FilePassword => Page.GetByLabel("File password", new() { Exact = true });

    public ILocator PreviewButton => Button("Preview import");

    public ILocator ApplyButton => Button("Apply import");

    public ILocator Preview => Page.GetByTestId("import-preview");

    public ILocator ImportResult => Page.GetByTestId("import-result");

    public ILocator ImportError => Page.GetByTestId("import-error");

    public ILocator JoinNodeAddress => Page.GetByLabel("Node address", new() { Exact = true });

    public ILocator JoinPassword => Page.GetByLabel("Administrator password", new() { Exact = true });

    public ILocator JoinResult => Page.GetByTestId("join-result");

    /// <summary>The certificate an untrusted node presents, with Trust and join and Cancel.</summary>
    public ILocator CertificatePrompt => Page.GetByTestId("certificate-prompt");

    /// <summary>Fills the join form and confirms the first dialog.</summary>
    public async Task JoinAsync(Uri nodeUrl, string password)
    {
        await JoinNodeAddress.FillAsync(nodeUrl.ToString());
        await JoinPassword.FillAsync(password);
        await Button("Join").ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    /// <summary>One section of the preview, by its name in the file (general, database, cluster, plugins…).</summary>
    public ILocator Section(string name) => Page.Locator($"[data-testid=import-section][data-section={name}]");

    public async Task<ExportImportPage> GotoAsync()
    {
        await Page.GotoAsync(Path);
        await WaitForInteractiveAsync();
        await Heading.WaitForAsync();
        return this;
    }

    /// <summary>Exports with <paramref name="password"/> and saves the browser's download into <paramref name="folder"/>; returns its path.</summary>
    public async Task<string> ExportAsync(string password, string folder)
    {
        await ExportPassword.FillAsync(password);
        await ConfirmExportPassword.FillAsync(password);
        var download = await Page.RunAndWaitForDownloadAsync(() => ExportButton.ClickAsync());
        var path = System.IO.Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return path;
    }

    /// <summary>Chooses the file, enters its password and asks for the preview.</summary>
    public async Task PreviewAsync(string file, string password)
    {
        await ChooseFileAsync(ImportFile, file);
        await Assertions.Expect(PreviewButton).ToBeEnabledAsync();
        await FilePassword.FillAsync(password);
        await PreviewButton.ClickAsync();
    }

    /// <summary>Clicks Apply import and confirms the dialog.</summary>
    public async Task ApplyAsync()
    {
        await ApplyButton.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
    }

    private ILocator Button(string name) => Page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
}
