using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrchestratorConsole.Core.Data.Orchestrator.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    node_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    detail = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    by_node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    epoch = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cluster_leases",
                columns: table => new
                {
                    slot = table.Column<int>(type: "integer", nullable: false),
                    holder_node_id = table.Column<Guid>(type: "uuid", nullable: true),
                    holder_nonce = table.Column<Guid>(type: "uuid", nullable: true),
                    epoch = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_leases", x => x.slot);
                });

            migrationBuilder.CreateTable(
                name: "cluster_nodes",
                columns: table => new
                {
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    public_url = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    product_version = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    instance_nonce = table.Column<Guid>(type: "uuid", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    last_heartbeat = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    active_fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    pending_fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    pending_saved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    plugins = table.Column<string>(type: "character varying(65536)", maxLength: 65536, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_nodes", x => x.node_id);
                });

            migrationBuilder.CreateTable(
                name: "lease_history",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    slot = table.Column<int>(type: "integer", nullable: false),
                    epoch = table.Column<long>(type: "bigint", nullable: false),
                    node_id = table.Column<Guid>(type: "uuid", nullable: false),
                    acquired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
