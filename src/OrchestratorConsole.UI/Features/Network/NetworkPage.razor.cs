using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.Core.Features.Network;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Network;

/// <summary>Where the console listens: saved as revisions, applied at its next start, overridden by --urls.</summary>
public sealed partial class NetworkPage : ConsolePage
{
    private const string ListenAddressField = "listenAddress";
    private const string HttpPortField = "httpPort";
    private const string HttpsPortField = "httpsPort";
    private const string PublicUrlField = "publicUrl";

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    [Inject]
    public required NetworkListening Listening { get; init; }

    [Inject]
    public required NodeAddress Address { get; init; }

    private NetworkForm? _form;
    private MudForm? _mudForm;
    private SectionState<NetworkSettings>? _saved;
    private IReadOnlyDictionary<string, string[]> _serverErrors = new Dictionary<string, string[]>();
    private string? _comment;
    private string? _error;
    private bool _busy;

    protected override Task LoadAsync() => RunAsync(async () =>
    {
        _saved = await Configuration.GetAsync<NetworkSettings>();
        _form = NetworkForm.From(_saved.Settings);
    });

    /// <summary>The section's own rule for one field, as the save applies it; a server refusal of the field clears as it is edited.</summary>
    private Func<object?, IEnumerable<string>> Rule(string field) => _ =>
    {
        _serverErrors = _serverErrors.Where(e => e.Key != field).ToDictionary();
        return _form is null ? [] : ConfigurationRegistry.Validate(_form.ToSettings()).Where(e => e.Field == field).Select(e => e.Message);
    };

    private string? ServerError(string field) => _serverErrors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task SaveAsync()
    {
        if (_form is null || _saved is null)
        {
            return;
        }

        _busy = true;
        _error = null;
        try
        {
            await SaveFormAsync(_mudForm, async () =>
            {
                try
                {
                    _saved = await Configuration.SaveAsync(Actor, _form.ToSettings(), _saved.Version, _comment);
                    _comment = null;
                }
                catch (ValidationFailedException ex)
                {
                    _serverErrors = ex.Errors;
                    _error = ex.Message;
                    throw;
                }
            }, "The network settings were saved; they apply at the console's next start.");
        }
        finally
        {
            _busy = false;
        }
    }
}
