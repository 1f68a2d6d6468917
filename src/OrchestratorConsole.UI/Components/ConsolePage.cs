using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using OrchestratorConsole.Core.Common;
using OrchestratorConsole.Core.Features.Accounts;
using OrchestratorConsole.Core.Features.Cluster;

namespace OrchestratorConsole.UI.Components;

/// <summary>Base of the console's pages: who is signed in, and a uniform way to show a service's failure.</summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter]
    public Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    /// <summary>The signed-in user as the services see them.</summary>
    protected Actor Actor { get; private set; } = new("anonymous", new HashSet<string>());

    protected bool IsAdministrator => Actor.IsInRole(Roles.Administrator);

    /// <summary>The content-change guard's last refusal on this page, kept until dismissed: the page offers to stop the other nodes.</summary>
    protected OtherNodesRunningException? OtherNodesRunning { get; set; }

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
        {
            Actor = Actor.FromPrincipal((await AuthenticationState).User);
        }

        await LoadAsync();
    }

    /// <summary>Loads the page's data.</summary>
    protected virtual Task LoadAsync() => Task.CompletedTask;

    /// <summary>Runs a service call; a failure becomes a message that names what is wrong, and the page stays as it was.</summary>
    protected async Task<bool> RunAsync(Func<Task> action, string? success = null)
    {
        try
        {
            await action();
            if (success is not null)
            {
                Snackbar.Add(success, Severity.Success);
            }

            return true;
        }
        catch (ConsoleException ex)
        {
            NoteRefusal(ex);
            Snackbar.Add(ex.Message, ex is ConflictException ? Severity.Warning : Severity.Error);
            return false;
        }
    }

    /// <summary>Why the last save was refused as stale (someone else saved first), kept for the page's banner until dismissed.</summary>
    protected string? Conflict { get; set; }

    /// <summary>
    /// Checks <paramref name="form"/>'s fields as the save will, then runs <paramref name="save"/>; a stale-version refusal
    /// is kept in <see cref="Conflict"/>. False when a field is wrong (the form shows which) or the save was refused.
    /// </summary>
    protected async Task<bool> SaveFormAsync(MudForm? form, Func<Task> save, string success)
    {
        if (form is not null)
        {
            await form.ValidateAsync();
            if (!form.IsValid)
            {
                return false;
            }
        }

        return await RunAsync(async () =>
        {
            try
            {
                await save();
                Conflict = null;
            }
            catch (ConflictException ex)
            {
                Conflict = ex.Message;
                throw;
            }
        }, success);
    }

    /// <summary>True while <see cref="SaveSectionAsync"/> runs: the Save button waits.</summary>
    protected bool Saving { get; private set; }

    /// <summary>
    /// Saves a section's form as every section tab does: the form's checks, then <paramref name="save"/>, with what a
    /// refusal names kept per field in <paramref name="errors"/>.
    /// </summary>
    protected async Task SaveSectionAsync<T>(MudForm? form, SectionFormErrors<T> errors, Func<Task> save, string success)
        where T : class, Core.Features.Configuration.ISectionSettings
    {
        Saving = true;
        errors.Clear();
        try
        {
            await SaveFormAsync(form, () => errors.SaveAsync(save), success);
        }
        finally
        {
            Saving = false;
        }
    }

    /// <summary>Keeps a content-change refusal for <see cref="OtherNodesRunning"/>; other failures pass.</summary>
    protected void NoteRefusal(ConsoleException failure)
    {
        if (failure is OtherNodesRunningException refusal)
        {
            OtherNodesRunning = refusal;
        }
    }
}
