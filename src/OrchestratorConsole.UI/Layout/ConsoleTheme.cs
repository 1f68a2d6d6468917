using MudBlazor;

namespace OrchestratorConsole.UI.Layout;

/// <summary>
/// MudBlazor's palette with the colours that failed WCAG AA contrast (4.5:1 for text) replaced by darker shades in the
/// light theme, and by lighter ones with dark text on them in the dark theme.
/// </summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Secondary = "#c2185b",
            Success = "#2e7d32",
            Warning = "#a84300",
            Error = "#c62828",
            Info = "#1565c0",
        },

        // Lighter colours with dark text on them; the text alerts draw in the "darken" shade, kept as light here.
        PaletteDark = new PaletteDark
        {
            Primary = "#a59dff",
            PrimaryContrastText = DarkText,
            Secondary = "#ff80ab",
            SecondaryContrastText = DarkText,
            Success = "#56d98a",
            SuccessDarken = "#56d98a",
            SuccessContrastText = DarkText,
            Info = "#64b5f6",
            InfoDarken = "#64b5f6",
            InfoContrastText = DarkText,
            Warning = "#ffb74d",
            WarningDarken = "#ffb74d",
            WarningContrastText = DarkText,
            Error = "#ff8a80",
            ErrorDarken = "#ff8a80",
            ErrorContrastText = DarkText,
            TextSecondary = "#bdbdc0",
            DrawerText = "#c9c9cc",
            DrawerIcon = "#c9c9cc",
        },
    };

    private const string DarkText = "#1e1e2d";
}
