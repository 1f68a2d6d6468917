namespace OrchestratorConsole.Core.Tests.Features.Audit;

public sealed class AuditServiceOnPostgresTests() : AuditServiceTests(NodeStore.Postgres);
