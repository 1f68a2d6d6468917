using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.Configuration;

/// <summary>A section's live value, typed, with secrets in clear: for use inside the node only.</summary>
public sealed record SectionState<T>(T Settings, int Version, DateTimeOffset SavedAt, string SavedBy);

/// <summary>One line of the configuration history.</summary>
public sealed record RevisionSummary(long Id, string Section, int Version, string Author, DateTimeOffset Time, string? Comment, string? Source);

/// <summary>A field that differs between two revisions. Secrets show only whether they are set.</summary>
public sealed record FieldDiff(string Section, string Field, string? Before, string? After, bool Secret);

/// <summary>The diff of two revisions.</summary>
public sealed record RevisionDiff(RevisionSummary From, RevisionSummary To, IReadOnlyList<FieldDiff> Fields);

/// <summary>A page of results.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Skip, int Take);

/// <summary>Values of a section as the API shows them: secrets null with <c>&lt;field&gt;HasValue</c> beside them.</summary>
public sealed record SectionView(string Section, int Version, JsonObject Values);

/// <summary>New values for one section in a multi-section save; a null <paramref name="ExpectedVersion"/> takes the current one.</summary>
public sealed record SectionChange(string Section, JsonObject Values, int? ExpectedVersion);
