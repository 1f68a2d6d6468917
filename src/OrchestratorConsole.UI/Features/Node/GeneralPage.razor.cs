using Microsoft.AspNetCore.Components;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Node;

public sealed partial class GeneralPage : ConsolePage
{
    private const string NameField = "name";
    private const string DescriptionField = "description";

    [Inject]
    public required ConfigurationService Configuration { get; init; }

    private readonly GeneralFormValidator _validator;
    private GeneralForm? _form;
    private MudForm? _mudForm;
    private SectionState<GeneralSettings>? _saved;
    private string? _comment;

    public GeneralPage() => _validator = new GeneralFormValidator(() => _form ?? new GeneralForm());

    protected override Task LoadAsync() => RunAsync(async () =>
    {
        _saved = await Configuration.GetAsync<GeneralSettings>();
        _form = GeneralForm.From(_saved.Settings);
    });

    private async Task SaveAsync()
    {
        if (_form is null || _saved is null)
        {
            return;
        }

        await SaveFormAsync(_mudForm, async () =>
        {
            _saved = await Configuration.SaveAsync(Actor, _form.ToSettings(), _saved.Version, _comment);
            _comment = null;
        }, "The general settings were saved.");
    }
}
