using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Cluster;

public partial class ServerAvailabilityPage : ConsolePage
{
    private static readonly SettingsSectionDefinition Section = ConfigurationRegistry.For<ClusterSettings>();

    /// <summary>The whole-number fields, each with its definition (label, range) and where the form keeps it.</summary>
    private static readonly NumberField[] Numbers =
    [
        new(Field(nameof(ClusterSettings.ActiveNodes)), f => f.ActiveNodes, (f, v) => f.ActiveNodes = v),
        new(Field(nameof(ClusterSettings.HeartbeatIntervalMs)), f => f.HeartbeatIntervalMs, (f, v) => f.HeartbeatIntervalMs = v),
        new(Field(nameof(ClusterSettings.FailoverHeartbeats)), f => f.FailoverHeartbeats, (f, v) => f.FailoverHeartbeats = v),
    ];

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    private MudForm? _form;
    private ClusterForm? _model;
    private int _version;
    private string? _comment;
    private List<string> _errors = [];

    private string Explanation => _model is { HeartbeatIntervalMs: { } interval, FailoverHeartbeats: { } beats }
        ? $"A node that misses {beats} heartbeats ({(interval * (double)beats / 1000).ToString("0.#", CultureInfo.CurrentCulture)} s) is declared failed and a standby takes its place. Changes apply at the next server start."
        : "Changes apply at the next server start.";

    private static FieldDefinition Field(string property) => Section.Field(property)!;

    private static string Label(string property) => Field(property).Label;

    protected override async Task LoadAsync()
    {
        var state = await Configuration.GetAsync<ClusterSettings>();
        _model = ClusterForm.From(state.Settings);
        _version = state.Version;
    }

    private async Task SaveAsync()
    {
        await _form!.ValidateAsync();
        if (!_form.IsValid || _model?.ToSettings() is not { } settings)
        {
            return;
        }

        _errors = [];
        try
        {
            var saved = await Configuration.SaveAsync(Actor, settings, _version, _comment);
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

    private sealed record NumberField(FieldDefinition Field, Func<ClusterForm, int?> Get, Action<ClusterForm, int?> Set);

    /// <summary>The editable copy of <see cref="ClusterSettings"/>: a number may be empty while it is typed, and is refused so.</summary>
    private sealed class ClusterForm
    {
        public bool ClusterMode { get; set; }

        public int? ActiveNodes { get; set; }

        public int? HeartbeatIntervalMs { get; set; }

        public int? FailoverHeartbeats { get; set; }

        public static ClusterForm From(ClusterSettings s) => new() { ClusterMode = s.ClusterMode, ActiveNodes = s.ActiveNodes, HeartbeatIntervalMs = s.HeartbeatIntervalMs, FailoverHeartbeats = s.FailoverHeartbeats };

        /// <summary>The settings, or null while a number is empty.</summary>
        public ClusterSettings? ToSettings() => (ActiveNodes, HeartbeatIntervalMs, FailoverHeartbeats) is ({ } active, { } interval, { } beats)
            ? new() { ClusterMode = ClusterMode, ActiveNodes = active, HeartbeatIntervalMs = interval, FailoverHeartbeats = beats }
            : null;
    }
}
