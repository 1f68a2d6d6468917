#!/usr/bin/env bash
# Regenerates the compiled EF Core models of the four contexts, after any change to a model (run it with each new
# migration). The contexts load them at start instead of building their models; CompiledModelsMatchTests fails
# while one of them differs from the model the code describes.
set -euo pipefail
cd "$(dirname "$0")/../../../.."
dotnet tool restore > /dev/null
for context in SqliteSettings PostgresSettings SqliteOrchestrator PostgresOrchestrator; do
    dotnet ef dbcontext optimize --project src/OrchestratorConsole.Core --context "${context}DbContext" \
        --output-dir "Data/CompiledModels/${context}" --namespace "OrchestratorConsole.Core.Data.CompiledModels.${context}"
done
