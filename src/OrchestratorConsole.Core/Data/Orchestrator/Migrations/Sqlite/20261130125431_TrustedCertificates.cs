using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrchestratorConsole.Core.Data.Orchestrator.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustedCertificates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "trusted_certificates",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    issuer = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    not_after = table.Column<long>(type: "INTEGER", nullable: false),
                    pem = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    added_by = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    added_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trusted_certificates", x => x.sha256);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trusted_certificates");
        }
    }
}
