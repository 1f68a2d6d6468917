using System.Text.Json.Nodes;

namespace OrchestratorConsole.Core.Features.ConfigurationTransfer;

/// <summary>
/// A read, checked and decrypted file: the sections' values with secrets in clear (null where omitted).
/// <see cref="Encrypted"/> also means authenticated: only such a file's HMAC under the password was checked.
/// </summary>
public sealed record OpenedFile(JsonObject Document, JsonObject Configuration, bool Encrypted, IReadOnlySet<string> OmittedSecrets);
