using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Cluster;

public partial class ServerAvailabilityPage : ConsolePage
{
    [Inject]
    public required ConfigurationService Configuration { get; init; }

    private MudForm? _form;
    private ClusterForm? _model;
    private int _version;
    private string? _comment;
    private List<string> _errors = [];

    protected override async Task LoadAsync()
    {
        var state = await Configuration.GetAsync<ClusterSettings>();
        _model = ClusterForm.From(state.Settings);
        _version = state.Version;
    }

    private async Task SaveAsync()
    {
        await _form!.ValidateAsync();
        if (!_form.IsValid || _model is null)
        {
            return;
        }

        _errors = [];
        try
        {
            var saved = await Configuration.SaveAsync(Actor, _model.ToSettings(), _version, _comment);
            _version = saved.Version;
            _comment = null;
            Snackbar.Add("Server availability saved; it applies at the next server start.", Severity.Success);
        }
        catch (ValidationFailedException ex)
        {
            _errors = [.. ex.Errors.Values.SelectMany(m => m)];
        }
        catch (ConsoleException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    /// <summary>The editable copy of <see cref="ClusterSettings"/>.</summary>
    private sealed class ClusterForm
    {
        public bool ClusterMode { get; set; }

        public int ActiveNodes { get; set; }

        public int HeartbeatIntervalMs { get; set; }

        public int FailoverHeartbeats { get; set; }

        public static ClusterForm From(ClusterSettings s) => new() { ClusterMode = s.ClusterMode, ActiveNodes = s.ActiveNodes, HeartbeatIntervalMs = s.HeartbeatIntervalMs, FailoverHeartbeats = s.FailoverHeartbeats };

        public ClusterSettings ToSettings() => new() { ClusterMode = ClusterMode, ActiveNodes = ActiveNodes, HeartbeatIntervalMs = HeartbeatIntervalMs, FailoverHeartbeats = FailoverHeartbeats };
    }
}
