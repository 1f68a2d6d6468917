namespace OrchestratorConsole.Core.Tests.Features.Certificates;

public sealed class ServerCertificateImportOnSqliteTests() : ServerCertificateImportTests(NodeStore.Sqlite);
