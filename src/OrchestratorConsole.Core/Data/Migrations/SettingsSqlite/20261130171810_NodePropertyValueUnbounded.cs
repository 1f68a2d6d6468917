using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrchestratorConsole.Core.Data.Migrations.SettingsSqlite
{
    /// <inheritdoc />
    public partial class NodePropertyValueUnbounded : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
