using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrchestratorConsole.Core.Data.Orchestrator.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Cluster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Value",
                table: "orchestrator_properties",
                newName: "value");

            migrationBuilder.RenameColumn(
                name: "Key",
                table: "orchestrator_properties",
                newName: "key");

            migrationBuilder.CreateTable(
                name: "cluster_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    time = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    node_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    node_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    by_node_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    epoch = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cluster_leases",
                columns: table => new
                {
                    slot = table.Column<int>(type: "INTEGER", nullable: false),
                    holder_node_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    holder_nonce = table.Column<Guid>(type: "TEXT", nullable: true),
                    epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_leases", x => x.slot);
                });

            migrationBuilder.CreateTable(
                name: "cluster_nodes",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    public_url = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    product_version = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    instance_nonce = table.Column<Guid>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    last_heartbeat = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    active_fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    pending_fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    pending_saved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    plugins = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_nodes", x => x.node_id);
                });

            migrationBuilder.CreateTable(
                name: "lease_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    slot = table.Column<int>(type: "INTEGER", nullable: false),
                    epoch = table.Column<long>(type: "INTEGER", nullable: false),
                    node_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    acquired_at = table.Column<long>(type: "INTEGER", nullable: false),
                    valid_until = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lease_history", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cluster_events_time",
                table: "cluster_events",
                column: "time");

            migrationBuilder.CreateIndex(
                name: "IX_lease_history_slot_epoch",
                table: "lease_history",
                columns: new[] { "slot", "epoch" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cluster_events");

            migrationBuilder.DropTable(
                name: "cluster_leases");

            migrationBuilder.DropTable(
                name: "cluster_nodes");

            migrationBuilder.DropTable(
                name: "lease_history");

            migrationBuilder.RenameColumn(
                name: "value",
                table: "orchestrator_properties",
                newName: "Value");

            migrationBuilder.RenameColumn(
                name: "key",
                table: "orchestrator_properties",
                newName: "Key");
        }
    }
}
