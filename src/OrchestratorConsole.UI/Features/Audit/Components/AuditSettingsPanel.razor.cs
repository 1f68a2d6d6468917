using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Audit.Components;

/// <summary>The audit section on the Audit page: how long rows are kept, and the syslog receiver; applied live.</summary>
public sealed partial class AuditSettingsPanel : ConsolePage
{
    private const string RetentionDaysField = "retentionDays";
    private const string SyslogHostField = "syslogHost";
    private const string SyslogPortField = "syslogPort";

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    private AuditForm? _form;
    private MudForm? _mudForm;
    private SectionState<AuditSettings>? _saved;
    private readonly SectionFormErrors<AuditSettings> _errors;
    private string? _comment;

    public AuditSettingsPanel() => _errors = new SectionFormErrors<AuditSettings>(() => _form?.ToSettings());

    protected override Task LoadAsync() => RunAsync(async () =>
    {
        _saved = await Configuration.GetAsync<AuditSettings>();
        _form = AuditForm.From(_saved.Settings);
    });

    private Task SaveAsync() => _form is null || _saved is null
        ? Task.CompletedTask
        : SaveSectionAsync(_mudForm, _errors, async () =>
        {
            _saved = await Configuration.SaveAsync(Actor, _form.ToSettings(), _saved.Version, _comment);
            _comment = null;
        }, "The audit settings were saved; they apply at once.");
}
