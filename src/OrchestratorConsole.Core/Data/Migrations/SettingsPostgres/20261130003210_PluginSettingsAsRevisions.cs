using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrchestratorConsole.Core.Data.Migrations.SettingsPostgres
{
    /// <inheritdoc />
    public partial class PluginSettingsAsRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PackageSha256",
                table: "plugins",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "Section",
                table: "configuration_revisions",
                type: "character varying(128)",
                maxLength: 128,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<string>(
                name: "Section",
                table: "audit_events",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(64)",
                oldMaxLength: 64,
                oldNullable: true);

            // Each plug-in's settings become the first revision of its section plugin.<id> (after any revision a
            // section of that name already has), in the same protected form; then the old column goes.
            migrationBuilder.Sql(
                """
                INSERT INTO configuration_revisions ("Section", "Version", "Author", "Time", "Comment", "Source", "Values")
                SELECT 'plugin.' || p."Id",
                       COALESCE((SELECT MAX(r."Version") FROM configuration_revisions r WHERE r."Section" = 'plugin.' || p."Id"), 0) + 1,
                       p."InstalledBy", p."InstalledAt", 'Plug-in settings moved into the configuration history', NULL, p."Settings"
                FROM plugins p
                """);

            migrationBuilder.DropColumn(
                name: "Settings",
                table: "plugins");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PackageSha256",
                table: "plugins");

            migrationBuilder.AddColumn<string>(
                name: "Settings",
                table: "plugins",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AlterColumn<string>(
                name: "Section",
                table: "configuration_revisions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128);

            migrationBuilder.AlterColumn<string>(
                name: "Section",
                table: "audit_events",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(128)",
                oldMaxLength: 128,
                oldNullable: true);
        }
    }
}
