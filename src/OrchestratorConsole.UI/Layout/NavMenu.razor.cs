using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Logging;
using MudBlazor;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Node;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Layout;

/// <summary>The side menu: every tab, and on a section's tab its live red/green state, updated as the node changes.</summary>
public sealed partial class NavMenu : ComponentBase, IDisposable
{
    /// <summary>One tab of the menu; a tab whose address is a section's carries that section's state.</summary>
    private sealed record Entry(string Href, string Icon, string Text, bool AdministratorsOnly = false)
    {
        /// <summary>The icon as MudIcon draws it, made once: one frame of every menu's render tree instead of nine.</summary>
        public MarkupString IconMarkup { get; } = new(
            $"<svg class=\"mud-icon-root mud-icon-default mud-svg-icon mud-icon-size-medium mud-nav-link-icon mud-nav-link-icon-default\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{Icon}</svg>");
    }

    /// <summary>The state markers (green, amber, red), made once each.</summary>
    private static readonly Dictionary<string, MarkupString> Markers = new[] { "valid", "warning", "invalid" }.ToDictionary(
        state => state,
        state => new MarkupString(
            $"<svg class=\"mud-icon-root mud-svg-icon mud-{SectionStates.ColorOf(state).ToString().ToLowerInvariant()}-text mud-icon-size-small\" focusable=\"false\" viewBox=\"0 0 24 24\" role=\"img\" aria-hidden=\"true\" data-testid=\"menu-state-marker\">{SectionStates.IconOf(state)}</svg>"));

    private static MarkupString MarkerOf(SectionValidation state) => Markers.GetValueOrDefault(state.State, Markers["invalid"]);

    private static readonly Entry[] Entries =
    [
        new("/", Icons.Material.Filled.Dashboard, "Overview"),
        new("/general", Icons.Material.Filled.Badge, "General"),
        new("/database", Icons.Material.Filled.Storage, "Database"),
        new("/server-availability", Icons.Material.Filled.Hub, "Server availability"),
        new("/startup", Icons.Material.Filled.PlayCircle, "Startup options"),
        new("/network", Icons.Material.Filled.SettingsEthernet, "Network"),
        new("/authentication", Icons.Material.Filled.ManageAccounts, "Authentication"),
        new("/certificate", Icons.Material.Filled.VerifiedUser, "Server certificate"),
        new("/trust", Icons.Material.Filled.Handshake, "SSL trust"),
        new("/cluster", Icons.Material.Filled.Lan, "Cluster"),
        new("/plugins", Icons.Material.Filled.Extension, "Plug-ins"),
        new("/configuration-transfer", Icons.Material.Filled.ImportExport, "Export and import"),
        new("/log", Icons.Material.Filled.Article, "Log"),
        new("/notifications", Icons.Material.Filled.NotificationsActive, "Notifications"),
        new("/troubleshooting", Icons.Material.Filled.Build, "Troubleshooting"),
        new("/history", Icons.Material.Filled.History, "History"),
        new("/audit", Icons.Material.Filled.Policy, "Audit"),
        new("/accounts", Icons.Material.Filled.People, "Accounts", AdministratorsOnly: true),
        new("/account/change-password", Icons.Material.Filled.Password, "Change password"),
        new("/account/sessions", Icons.Material.Filled.Devices, "My sessions"),
    ];

    [CascadingParameter]
    public Task<AuthenticationState>? Authentication { get; set; }

    [Inject]
    public required NodeValidationFeed Validation { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ILogger<NavMenu> Logger { get; init; }

    private IReadOnlyList<SectionValidation>? _states;
    private bool _administrator;
    private string _path = "/";
    private bool _disposed;

    protected override async Task OnInitializedAsync()
    {
        _path = PathOf(Navigation.Uri);
        Navigation.LocationChanged += OnLocationChanged;
        Validation.Changed += OnValidationChanged;
        await LoadAsync();
    }

    /// <summary>The role can change while the console is open (the account's check runs on every action).</summary>
    protected override async Task OnParametersSetAsync() =>
        _administrator = Authentication is not null && (await Authentication).User.IsInRole(Roles.Administrator);

    private bool IsActive(string href) =>
        href == "/" ? _path == "/" : _path == href || _path.StartsWith(href + "/", StringComparison.Ordinal);

    private SectionValidation? StateOf(string href) =>
        SectionStates.SectionAt(href) is { } section ? _states?.FirstOrDefault(s => s.Section == section) : null;

    private string PathOf(string uri) => "/" + Navigation.ToBaseRelativePath(uri).Split('?', '#')[0].TrimEnd('/');

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        var path = PathOf(e.Location);
        if (path != _path)
        {
            _path = path;
            _ = InvokeAsync(StateHasChanged);
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _states = await Validation.GetAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The menu must stay usable when the settings store cannot be read: it shows no markers until it can.
            _states = null;
            LogStatesUnavailable(Logger, ex.Message);
        }
    }

    private void OnValidationChanged()
    {
        if (_disposed)
        {
            return;
        }

        // Raised inside another window's save: the work is handed to this window's dispatcher, not done here.
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    public void Dispose()
    {
        _disposed = true;
        Navigation.LocationChanged -= OnLocationChanged;
        Validation.Changed -= OnValidationChanged;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The side menu cannot show the sections' states: {Error}")]
    private static partial void LogStatesUnavailable(ILogger logger, string error);
}
