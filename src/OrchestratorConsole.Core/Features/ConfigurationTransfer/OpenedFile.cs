using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>A read, checked and decrypted file: the sections' values with secrets in clear (null where omitted).</summary>
public sealed record OpenedFile(JsonObject Document, JsonObject Configuration, bool Encrypted, IReadOnlySet<string> OmittedSecrets);
