namespace OrchestratorConsole.Core.Tests.Features.Certificates;

public sealed class ServerCertificateImportOnPostgresTests() : ServerCertificateImportTests(NodeStore.Postgres);
