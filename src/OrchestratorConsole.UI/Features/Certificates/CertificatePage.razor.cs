using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Certificates;

public sealed partial class CertificatePage
{
    [Inject]
    public required ServerCertificateService Certificates { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private CertificateDetails _details = null!;
    private byte[]? _file;
    private string _fileName = string.Empty;
    private string? _password;
    private string? _error;
    private bool _busy;
    private bool _requestPending;
    private string? _requestSubject;
    private string? _requestNames;
    private string? _requestError;
    private string? _csr;

    protected override async Task LoadAsync()
    {
        _details = Certificates.Details;
        _requestSubject = _details.Subject;
        _requestNames = string.Join(", ", _details.SubjectAlternativeNames);
        _requestPending = await Certificates.HasPendingRequestAsync();
    }

    private async Task RequestAsync()
    {
        _busy = true;
        _requestError = null;
        _csr = null;
        try
        {
            var names = (_requestNames ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            _csr = await Certificates.RequestAsync(Actor, _requestSubject, names);
            _requestPending = true;
            Snackbar.Add("The signing request is ready: send it to your certificate authority.", Severity.Success);
        }
        catch (ConsoleException ex)
        {
            _requestError = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SelectAsync(IBrowserFile? file)
    {
        _file = null;
        _error = null;
        _fileName = file?.Name ?? string.Empty;
        if (file is null)
        {
            return;
        }

        if (file.Size > CertificateFileReader.MaxBytes)
        {
            _error = $"The certificate file is at most {CertificateFileReader.MaxBytes / 1024} KB; this one has {file.Size} bytes.";
            return;
        }

        _busy = true;
        try
        {
            (_file, _error) = await BrowserFiles.ReadAsync(file, CertificateFileReader.MaxBytes);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ImportAsync()
    {
        if (_file is not { } file
            || await Dialogs.ShowMessageBoxAsync("Replace the server certificate?", $"Serve the certificate in {_fileName} from the next connection on? Browsers and other nodes that trusted the current certificate must trust the new one.", yesText: "Import", cancelText: "Cancel") != true)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            _details = await Certificates.ImportAsync(Actor, file, string.IsNullOrEmpty(_password) ? null : _password);
            _file = null;
            _fileName = string.Empty;
            _password = null;
            _requestPending = await Certificates.HasPendingRequestAsync();
            Snackbar.Add($"The server certificate is now {_details.Subject}.", Severity.Success);
        }
        catch (ConsoleException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
