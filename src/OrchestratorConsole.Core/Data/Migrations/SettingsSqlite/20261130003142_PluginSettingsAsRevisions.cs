using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrchestratorConsole.Core.Data.Migrations.SettingsSqlite
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
                type: "TEXT",
                maxLength: 64,
                nullable: true);

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

            // SQLite's own DROP COLUMN (3.35+; the column is in no index or constraint), not EF's DropColumn: EF rebuilds the
            // table for it, with PRAGMA foreign_keys statements that cannot run in the migration's transaction (and warns
            // so at every fresh start). This keeps the whole migration in one transaction.
            migrationBuilder.Sql("ALTER TABLE \"plugins\" DROP COLUMN \"Settings\";");
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
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
