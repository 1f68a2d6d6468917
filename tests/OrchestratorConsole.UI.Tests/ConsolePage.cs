using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace OrchestratorConsole.UI.Tests;

/// <summary>A rendered page and the providers beside it.</summary>
public sealed record ConsolePage<TPage>(
    IRenderedComponent<TPage> Page,
    IRenderedComponent<MudPopoverProvider> Popovers,
    IRenderedComponent<MudDialogProvider> Dialogs,
    IRenderedComponent<MudSnackbarProvider> Snackbars)
    where TPage : IComponent;
