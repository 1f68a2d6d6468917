#!/usr/bin/env bash
# Retakes the pictures in this folder: every tab of the side menu in the light and the dark theme
# (<tab>-light.png, <tab>-dark.png) and the login page (login.png).
#
# They are taken by the browser test TabTourTests itself, which saves them only when
# ORCHESTRATOR_SCREENSHOTS=1; an ordinary run of test.sh (and CI) never rewrites them.
# Needs what test.sh needs (it installs Chromium and starts a throwaway PostgreSQL).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
ORCHESTRATOR_SCREENSHOTS=1 exec bash test.sh --filter-class 'OrchestratorConsole.Browser.Tests.Features.Layout.TabTourTests' "$@"
