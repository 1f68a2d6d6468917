using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using OrchestratorConsole.Core.Features.Audit;
using OrchestratorConsole.Core.Features.Configuration;
using OrchestratorConsole.UI.Components;

namespace OrchestratorConsole.UI.Features.Audit;

public sealed partial class AuditPage : ConsolePage
{
    [Inject]
    public required AuditService Audit { get; init; }

    private MudTable<AuditEvent>? _table;
    private string? _user;
    private string? _action;
    private DateTime? _from;
    private DateTime? _to;
    private TimeSpan? _fromTime;
    private TimeSpan? _toTime;

    /// <summary>The first moment the filter keeps: the "from" date at its time, or at midnight.</summary>
    private DateTimeOffset? From => _from is { } from ? new DateTimeOffset(from.Date + (_fromTime ?? TimeSpan.Zero), TimeSpan.Zero) : null;

    /// <summary>The last moment the filter keeps: the "to" date to the end of its minute, or of the whole day without a time.</summary>
    private DateTimeOffset? To => _to is { } to
        ? new DateTimeOffset(to.Date + (_toTime is { } time ? time + TimeSpan.FromMinutes(1) : TimeSpan.FromDays(1)) - TimeSpan.FromTicks(1), TimeSpan.Zero)
        : null;

    private async Task<TableData<AuditEvent>> LoadPageAsync(TableState state, CancellationToken cancellationToken)
    {
        Page<AuditEvent>? page = null;
        var query = new AuditQuery(
            string.IsNullOrWhiteSpace(_user) ? null : _user.Trim(),
            string.IsNullOrWhiteSpace(_action) ? null : _action.Trim(),
            From,
            To,
            state.Page * state.PageSize,
            state.PageSize);
        await RunAsync(async () => page = await Audit.QueryAsync(query, cancellationToken));
        return new TableData<AuditEvent> { Items = page?.Items ?? [], TotalItems = page?.Total ?? 0 };
    }

    private Task ApplyAsync() => _table?.ReloadServerData() ?? Task.CompletedTask;

    private Task ClearAsync()
    {
        _user = null;
        _action = null;
        _from = null;
        _to = null;
        _fromTime = null;
        _toTime = null;
        return ApplyAsync();
    }

    private Task OnKeyDownAsync(KeyboardEventArgs args) => args.Key == "Enter" ? ApplyAsync() : Task.CompletedTask;
}
