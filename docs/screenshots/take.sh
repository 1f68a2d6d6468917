#!/usr/bin/env bash
# Retakes the pictures in this folder (overview.png, database.png, history.png, audit.png).
#
# They are taken by the browser tests themselves, which save them only when
# ORCHESTRATOR_SCREENSHOTS=1; an ordinary run of test.sh (and CI) never rewrites them.
# Needs what test.sh needs (it installs Chromium and starts a throwaway PostgreSQL).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
ORCHESTRATOR_SCREENSHOTS=1 exec bash test.sh --filter-namespace 'OrchestratorConsole.Browser.Tests*' "$@"
