using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrchestratorConsole.Core.Data.Orchestrator.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NodeToNodeNonces : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "node_to_node_nonces",
                columns: table => new
                {
                    nonce = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_node_to_node_nonces", x => x.nonce);
                });

            migrationBuilder.CreateIndex(
                name: "IX_node_to_node_nonces_expires_at",
                table: "node_to_node_nonces",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "node_to_node_nonces");
        }
    }
}
