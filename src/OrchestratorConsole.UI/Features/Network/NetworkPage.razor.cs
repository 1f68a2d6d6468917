using Microsoft.AspNetCore.Components;
using MudBlazor;
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
    private readonly SectionFormErrors<NetworkSettings> _errors;
    private string? _comment;

    public NetworkPage() => _errors = new SectionFormErrors<NetworkSettings>(() => _form?.ToSettings());

    protected override Task LoadAsync() => RunAsync(async () =>
    {
        _saved = await Configuration.GetAsync<NetworkSettings>();
        _form = NetworkForm.From(_saved.Settings);
    });

    private Task SaveAsync() => _form is null || _saved is null
        ? Task.CompletedTask
        : SaveSectionAsync(_mudForm, _errors, async () =>
        {
            _saved = await Configuration.SaveAsync(Actor, _form.ToSettings(), _saved.Version, _comment);
            _comment = null;
        }, "The network settings were saved; they apply at the console's next start.");
}
