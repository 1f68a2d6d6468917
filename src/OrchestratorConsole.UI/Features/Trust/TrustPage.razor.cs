using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Certificates;
using OrchestratorConsole.Core.Features.Trust;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Trust;

public sealed partial class TrustPage
{
    [Inject]
    public required TrustService Trust { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private IReadOnlyList<TrustedCertificateView> _entries = [];
    private IReadOnlyList<CertificateApprovalView> _awaiting = [];
    private string? _url;
    private string? _pem;
    private (string Origin, CertificateDetails Details, string Pem)? _fetched;
    private string? _urlError;
    private string? _pemError;
    private bool _busy;

    protected override async Task LoadAsync()
    {
        _awaiting = await Trust.ListAwaitingAsync();
        _entries = await Trust.ListAsync();
    }

    private async Task FetchAsync()
    {
        _fetched = null;
        _urlError = null;
        _busy = true;
        try
        {
            var (origin, certificate) = await Trust.FetchAsync(_url);
            // What is trusted is exactly what was shown: the certificate as read, not a second read of the address.
            _fetched = (origin, CertificateDetails.Of(certificate), certificate.ExportCertificatePem());
        }
        catch (ConsoleException ex)
        {
            _urlError = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private Task TrustFetchedAsync() => _fetched is { } fetched
        ? TrustAsync(() => Trust.TrustPresentedAsync(Actor, TrustService.ReadPem(fetched.Pem), new Uri(fetched.Origin)), error => _urlError = error, () =>
        {
            _fetched = null;
            _url = null;
        })
        : Task.CompletedTask;

    private Task TrustPemAsync()
    {
        _pemError = null;
        return TrustAsync(() => Trust.TrustPemAsync(Actor, _pem), error => _pemError = error, () => _pem = null);
    }

    /// <param name="failed">Shows a refusal in the panel it came from.</param>
    /// <param name="done">Clears the panel's input.</param>
    private async Task TrustAsync(Func<Task<TrustedCertificateView>> add, Action<string> failed, Action done)
    {
        _busy = true;
        try
        {
            var added = await add();
            done();
            Snackbar.Add($"{added.Subject} is trusted.", Severity.Success);
            _entries = await Trust.ListAsync();
        }
        catch (ConsoleException ex)
        {
            failed(ex.Message);
        }
        finally
        {
            _busy = false;
        }
    }

    private Task RemoveAsync(TrustedCertificateView entry) => ConfirmAsync(
        "Remove from the SSL trust list?",
        $"Stop trusting {entry.Subject} (SHA-256 {entry.Sha256})? Calls to a node presenting it are refused from the next call on, on every node of the cluster.",
        "Remove",
        () => Trust.RemoveAsync(Actor, entry.Sha256),
        $"{entry.Subject} is no longer trusted.");

    private Task ApproveAsync(CertificateApprovalView approval) => ConfirmAsync(
        "Approve the renewed certificate?",
        $"Trust {approval.Subject} (SHA-256 {approval.Sha256}), the renewed certificate of node {approval.NodeName}? It serves it from its next check; its previous certificate stays trusted until it ends or you remove it.",
        "Approve",
        () => Trust.ApproveAsync(Actor, approval.Sha256),
        $"The renewed certificate of {approval.NodeName} is trusted.");

    private Task RejectAsync(CertificateApprovalView approval) => ConfirmAsync(
        "Reject the renewed certificate?",
        $"Never trust {approval.Subject} (SHA-256 {approval.Sha256})? Node {approval.NodeName} keeps serving its previous certificate, discards this one and asks again with another.",
        "Reject",
        () => Trust.RejectAsync(Actor, approval.Sha256),
        $"The renewed certificate of {approval.NodeName} is rejected.");

    /// <summary>Asks before a change of the list, makes it, and reads the list again.</summary>
    private async Task ConfirmAsync(string title, string question, string yesText, Func<Task> change, string success)
    {
        if (await Dialogs.ShowMessageBoxAsync(title, question, yesText: yesText, cancelText: "Cancel") == true && await RunAsync(change, success))
        {
            await LoadAsync();
        }
    }
}
