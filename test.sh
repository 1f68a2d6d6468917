#!/usr/bin/env bash
# Builds the solution and runs every test project (tests/*/*.Tests.csproj).
#
# Needs: Debian 12, root, .NET SDK (global.json). Installs chromium and
# postgresql from apt if missing, starts a throwaway PostgreSQL 15 on loopback
# for the tests, and removes it again on exit.
#
# Extra arguments are passed to `dotnet test`, e.g.
#   ./test.sh --filter-class 'OrchestratorConsole.Tests.SomeTests'
#
# The last line printed is always: Tests: N passed, N failed, N skipped
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
ROOT="$PWD"

PG_BIN=/usr/lib/postgresql/15/bin
CHROMIUM=/usr/bin/chromium
RESULTS="$ROOT/TestResults/test-sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

PG_ROOT=""
FINAL_PRINTED=0

cleanup() {
    local rc=$?
    set +e
    if [[ -n "$PG_ROOT" && -f "$PG_ROOT/data/postmaster.pid" ]]; then
        (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w stop) >/dev/null 2>&1
    fi
    if [[ -n "$PG_ROOT" ]]; then
        rm -rf "$PG_ROOT"
    fi
    if [[ "$FINAL_PRINTED" != 1 ]]; then
        # Something failed before the tests could run (install, build, database).
        echo "Tests: 0 passed, 1 failed, 0 skipped"
        [[ $rc == 0 ]] && rc=1
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 1. System packages -------------------------------------------------------
missing=()
[[ -x "$CHROMIUM" ]] || missing+=(chromium)
if [[ ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]] || ! id postgres >/dev/null 2>&1; then
    missing+=(postgresql)
fi
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if ((${#missing[@]})); then
    echo "Installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q "${missing[@]}" >/dev/null
fi

# --- 2. Build -----------------------------------------------------------------
dotnet tool restore
if ! dotnet build OrchestratorConsole.sln -c Release; then
    echo "Build failed." >&2
    exit 1
fi

# --- 3. Throwaway PostgreSQL --------------------------------------------------
free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' && return
    fi
    local p
    for _ in $(seq 1 200); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    return 1
}

PG_ROOT="$(mktemp -d /tmp/orch-test-pg.XXXXXX)"
PG_PASSWORD="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$PG_PASSWORD" >"$PG_ROOT/pwfile"
chown -R postgres:postgres "$PG_ROOT"
chmod 700 "$PG_ROOT"

(cd / && runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres \
    --pwfile="$PG_ROOT/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 --no-sync) >"$PG_ROOT/initdb.log" 2>&1 || {
    cat "$PG_ROOT/initdb.log" >&2
    echo "initdb failed." >&2
    exit 1
}
rm -f "$PG_ROOT/pwfile"

# TLS: a certificate authority of its own and a server certificate it signs for
# localhost and 127.0.0.1; tests trust (or not) the authority.
PG_TLS="$PG_ROOT/tls"
mkdir -p "$PG_TLS"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Orchestrator test database CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$PG_TLS/ca.key" -out "$PG_TLS/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
    -keyout "$PG_TLS/server.key" -out "$PG_TLS/server.csr" 2>/dev/null
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$PG_TLS/server.ext"
openssl x509 -req -in "$PG_TLS/server.csr" -CA "$PG_TLS/ca.pem" -CAkey "$PG_TLS/ca.key" -CAcreateserial \
    -days 2 -extfile "$PG_TLS/server.ext" -out "$PG_TLS/server.pem" 2>/dev/null
rm -f "$PG_TLS/ca.key" "$PG_TLS/server.csr" "$PG_TLS/server.ext" "$PG_TLS/ca.srl"
chown -R postgres:postgres "$PG_TLS"
chmod 600 "$PG_TLS/server.key"
chmod 644 "$PG_TLS/ca.pem" "$PG_TLS/server.pem"

PG_PORT=""
for _ in 1 2 3 4 5; do
    port="$(free_port)"
    if (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_ROOT -c fsync=off -c max_connections=300 -c ssl=on -c ssl_cert_file=$PG_TLS/server.pem -c ssl_key_file=$PG_TLS/server.key" \
        start) >/dev/null 2>&1; then
        PG_PORT="$port"
        break
    fi
done
if [[ -z "$PG_PORT" ]]; then
    cat "$PG_ROOT/server.log" >&2 || true
    echo "Could not start PostgreSQL." >&2
    exit 1
fi
echo "PostgreSQL 15 for tests on 127.0.0.1:$PG_PORT (TLS on)"

export ORCHESTRATOR_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
export ORCHESTRATOR_TEST_POSTGRES_CA="$PG_TLS/ca.pem"
export ORCHESTRATOR_TEST_POSTGRES_CERT="$PG_TLS/server.pem"
export ORCHESTRATOR_TEST_PG_BIN="$PG_BIN"
export ORCHESTRATOR_TEST_CHROMIUM="$CHROMIUM"
export ORCHESTRATOR_TEST_RESULTS="$RESULTS"

# --- 4. Tests -----------------------------------------------------------------
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
test_rc=0
# --ignore-exit-code 8: a module in which a filter selects no test is not an
# error by itself; a run with no test at all is caught below.
dotnet test --solution OrchestratorConsole.sln -c Release --no-build \
    --results-directory "$RESULTS" --report-xunit-xml \
    --ignore-exit-code 8 "$@" 2>&1 | tee "$RESULTS/output.log" || test_rc=${PIPESTATUS[0]}

# Figures that tests publish (the cluster's chaos run) go above the count.
if [[ -f "$RESULTS/chaos-report.md" ]]; then
    cat "$RESULTS/chaos-report.md"
fi

# --- 5. Count -----------------------------------------------------------------
attr_sum() { # attr_sum NAME: sum of NAME="N" over every <assembly ...> element
    local f total=0 n
    shopt -s nullglob
    for f in "$RESULTS"/*.xml; do
        while read -r n; do
            total=$((total + n))
        done < <(grep -o '<assembly [^>]*>' "$f" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]\+' || true)
    done
    echo "$total"
}
summary_value() { # summary_value NAME: the figure of the test platform's closing summary ("  failed: 3")
    grep -E "^\s+$1: [0-9]+\s*$" "$RESULTS/output.log" | tail -n 1 | grep -o '[0-9]\+' || true
}
# The platform's own summary counts everything, class clean-up failures included; the xunit
# reports are the fallback when a test host died before the summary.
passed=$(summary_value succeeded)
failed=$(summary_value failed)
skipped=$(summary_value skipped)
if [[ -z "$passed" || -z "$failed" ]]; then
    passed=$(attr_sum passed)
    failed=$(( $(attr_sum failed) + $(attr_sum errors) ))
    skipped=$(( $(attr_sum skipped) + $(attr_sum not-run) ))
fi
skipped=${skipped:-0}

status=0
if ((test_rc != 0)); then
    status=1
    if ((failed == 0)); then
        # e.g. a test host crashed before writing its report
        echo "dotnet test exited with $test_rc but no failed test was reported; counting it as a failure." >&2
        failed=1
    fi
fi
((failed == 0)) || status=1
if ((passed + failed == 0)); then
    echo "No test ran." >&2
    status=1
fi

FINAL_PRINTED=1
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
