using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrchestratorConsole.Core.Data.Orchestrator.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CertificateApprovals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "certificate_approvals",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    issuer = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    not_before = table.Column<long>(type: "INTEGER", nullable: false),
                    not_after = table.Column<long>(type: "INTEGER", nullable: false),
                    pem = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    node_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    node_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    replaces_sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    requested_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificate_approvals", x => x.sha256);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate_approvals");
        }
    }
}
