using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace OrchestratorConsole.UI.Tests;

/// <summary>Finds elements the way a user names them: by label and by button text.</summary>
public static class PageQueries
{
    /// <summary>The input a visible label names (text fields, numeric fields, selects and check boxes).</summary>
    public static IElement Field<T>(this IRenderedComponent<T> page, string label)
        where T : IComponent
    {
        var matches = page.FindAll("label").Where(l => Text(l) == label || Text(l.QuerySelector("p, span.mud-typography") ) == label).ToList();
        var element = matches.Count == 1 ? matches[0] : throw new InvalidOperationException($"Expected one field labelled '{label}', found {matches.Count}.");
        if (element.GetAttribute("for") is { Length: > 0 } id)
        {
            return page.Find($"#{id}");
        }

        return element.QuerySelector("input") ?? throw new InvalidOperationException($"The label '{label}' names no input.");
    }

    public static bool HasField<T>(this IRenderedComponent<T> page, string label)
        where T : IComponent =>
        page.FindAll("label").Any(l => Text(l) == label || Text(l.QuerySelector("p, span.mud-typography")) == label);

    public static IElement Button<T>(this IRenderedComponent<T> page, string text)
        where T : IComponent =>
        page.FindAll("button").SingleOrDefault(b => Text(b) == text) ?? throw new InvalidOperationException($"There is no button '{text}'.");

    /// <summary>Clicks a button on the renderer's dispatcher, so a render in between cannot take its handler away.</summary>
    public static Task ClickAsync<T>(this IRenderedComponent<T> page, string text)
        where T : IComponent =>
        page.InvokeAsync(() => page.Button(text).ClickAsync(new MouseEventArgs()));

    /// <summary>Clicks an element without waiting for its handler, which may be waiting for an answer in a dialog.</summary>
    public static Task StartClickAsync<T>(this IRenderedComponent<T> page, string selector)
        where T : IComponent =>
        page.InvokeAsync(() =>
        {
            _ = page.Find(selector).ClickAsync(new MouseEventArgs());
        });

    /// <summary>Clicks the button <paramref name="text"/> without waiting for its handler (see <see cref="StartClickAsync{T}"/>).</summary>
    public static Task StartClickButtonAsync<T>(this IRenderedComponent<T> page, string text)
        where T : IComponent =>
        page.InvokeAsync(() =>
        {
            _ = page.Button(text).ClickAsync(new MouseEventArgs());
        });

    /// <summary>Answers the open message box with the button <paramref name="text"/>.</summary>
    public static Task AnswerAsync(this IRenderedComponent<MudBlazor.MudDialogProvider> dialogs, string text) =>
        dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => Text(b) == text).ClickAsync(new MouseEventArgs()));

    /// <summary>Opens the select marked <paramref name="testId"/> and picks <paramref name="item"/> from its popover.</summary>
    public static void Choose<T>(this ConsolePage<T> rendered, string testId, string item)
        where T : IComponent
    {
        rendered.Page.Find($"[data-testid={testId}] .mud-input-control, [data-testid={testId}]").MouseDown();
        rendered.Popovers.WaitForAssertion(() => Assert.Contains(rendered.Popovers.FindAll(".mud-list-item"), i => i.TextContent.Trim() == item));
        rendered.Popovers.FindAll(".mud-list-item").First(i => i.TextContent.Trim() == item).Click();
    }

    public static bool HasButton<T>(this IRenderedComponent<T> page, string text)
        where T : IComponent =>
        page.FindAll("button").Any(b => Text(b) == text);

    private static string? Text(IElement? element) => element?.TextContent.Trim();
}
