#!/usr/bin/env bash
# Builds the solution and runs every test project (tests/*/*.Tests.csproj).
#
# Needs: Debian 12, root, .NET SDK (global.json). Installs chromium, postgresql,
# slapd and ldap-utils from apt if missing, starts a throwaway PostgreSQL 15 and a
# throwaway OpenLDAP slapd on loopback for the tests, and removes them again on exit.
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
SLAPD=/usr/sbin/slapd
LDAP_FILES="$ROOT/tests/OrchestratorConsole.Testing/Directory"
RESULTS="$ROOT/TestResults/test-sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

PG_ROOT=""
LDAP_ROOT=""
LDAP_PID=""
FINAL_PRINTED=0

# stop_pid PID: SIGTERM, then SIGKILL after 10 s, for a process this script started.
stop_pid() {
    kill -TERM "$1" 2>/dev/null || return 0
    for _ in $(seq 1 100); do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$1" 2>/dev/null
}

cleanup() {
    local rc=$?
    set +e
    if [[ -n "$PG_ROOT" && -f "$PG_ROOT/data/postmaster.pid" ]]; then
        (cd / && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_ROOT/data" -m immediate -w stop) >/dev/null 2>&1
    fi
    if [[ -n "$PG_ROOT" ]]; then
        rm -rf "$PG_ROOT"
    fi
    if [[ -n "$LDAP_PID" ]]; then
        stop_pid "$LDAP_PID"
    fi
    if [[ -n "$LDAP_ROOT" ]]; then
        rm -rf "$LDAP_ROOT"
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
[[ -x "$SLAPD" && -x /usr/sbin/slapadd ]] || missing+=(slapd)
[[ -x /usr/bin/ldapadd ]] || missing+=(ldap-utils)
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

# fail_with_log LOG MESSAGE: prints the log and the message, and stops the script.
fail_with_log() {
    cat "$1" >&2 || true
    echo "$2" >&2
    exit 1
}

# make_tls DIR CA_NAME: DIR/ca.pem (an authority of its own, key thrown away) and DIR/server.pem
# with DIR/server.key, which the authority signs for localhost and 127.0.0.1.
make_tls() {
    local dir="$1"
    mkdir -p "$dir"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$2" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
    printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$dir/server.ext"
    openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
        -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
    rm -f "$dir/ca.key" "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
}

PG_ROOT="$(mktemp -d /tmp/orch-test-pg.XXXXXX)"
PG_PASSWORD="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$PG_PASSWORD" >"$PG_ROOT/pwfile"
chown -R postgres:postgres "$PG_ROOT"
chmod 700 "$PG_ROOT"

(cd / && runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_ROOT/data" -U postgres \
    --pwfile="$PG_ROOT/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 --no-sync) >"$PG_ROOT/initdb.log" 2>&1 ||
    fail_with_log "$PG_ROOT/initdb.log" "initdb failed."
rm -f "$PG_ROOT/pwfile"

# TLS: a certificate authority of its own and a server certificate it signs for
# localhost and 127.0.0.1; tests trust (or not) the authority.
PG_TLS="$PG_ROOT/tls"
make_tls "$PG_TLS" "Orchestrator test database CA"
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
[[ -n "$PG_PORT" ]] || fail_with_log "$PG_ROOT/server.log" "Could not start PostgreSQL."
echo "PostgreSQL 15 for tests on 127.0.0.1:$PG_PORT (TLS on)"

export ORCHESTRATOR_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=$PG_PASSWORD"
export ORCHESTRATOR_TEST_POSTGRES_CA="$PG_TLS/ca.pem"
export ORCHESTRATOR_TEST_POSTGRES_CERT="$PG_TLS/server.pem"
export ORCHESTRATOR_TEST_PG_BIN="$PG_BIN"
export ORCHESTRATOR_TEST_CHROMIUM="$CHROMIUM"
export ORCHESTRATOR_TEST_RESULTS="$RESULTS"

# --- 3b. Throwaway OpenLDAP ---------------------------------------------------
# slapd (root, cn=config in a folder of its own, mdb, memberof overlay) on two free loopback
# ports: ldap:// (StartTLS offered) and ldaps://, with a certificate of a CA of its own. The
# entries of tests/OrchestratorConsole.Testing/Directory/directory.ldif are added over LDAP.
LDAP_ROOT="$(mktemp -d /tmp/orch-test-ldap.XXXXXX)"
chmod 700 "$LDAP_ROOT"
make_tls "$LDAP_ROOT/tls" "Orchestrator test directory CA"
chmod 600 "$LDAP_ROOT/tls/server.key"
# libldap (GnuTLS) trusts every file of a folder: one that holds the CA alone.
mkdir -p "$LDAP_ROOT/trust"
cp "$LDAP_ROOT/tls/ca.pem" "$LDAP_ROOT/trust/ca.pem"
LDAP_ADMIN_DN="cn=admin,dc=orchestrator,dc=test"
LDAP_ADMIN_PASSWORD="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
mkdir -p "$LDAP_ROOT/config" "$LDAP_ROOT/data"
sed -e "s|@ROOT@|$LDAP_ROOT|g" -e "s|@CA@|$LDAP_ROOT/tls/ca.pem|g" -e "s|@CERT@|$LDAP_ROOT/tls/server.pem|g" \
    -e "s|@KEY@|$LDAP_ROOT/tls/server.key|g" -e "s|@ADMIN_PASSWORD@|$LDAP_ADMIN_PASSWORD|g" \
    "$LDAP_FILES/slapd-config.ldif" >"$LDAP_ROOT/config.ldif"
/usr/sbin/slapadd -n0 -F "$LDAP_ROOT/config" -l "$LDAP_ROOT/config.ldif" >"$LDAP_ROOT/slapadd.log" 2>&1 ||
    fail_with_log "$LDAP_ROOT/slapadd.log" "slapadd of the directory's configuration failed."
rm -f "$LDAP_ROOT/config.ldif"

LDAP_PORT=""
for _ in 1 2 3 4 5; do
    port="$(free_port)"
    tls_port="$(free_port)"
    [[ "$port" != "$tls_port" ]] || continue
    # Without -d, slapd forks and its first process exits only once the child listens (0) or has failed.
    if "$SLAPD" -F "$LDAP_ROOT/config" -h "ldap://127.0.0.1:$port/ ldaps://127.0.0.1:$tls_port/" \
        >>"$LDAP_ROOT/slapd.log" 2>&1; then
        LDAP_PORT="$port"
        LDAPS_PORT="$tls_port"
        LDAP_PID="$(cat "$LDAP_ROOT/slapd.pid")"
        break
    fi
done
[[ -n "$LDAP_PORT" ]] || fail_with_log "$LDAP_ROOT/slapd.log" "Could not start slapd."
/usr/bin/ldapadd -x -H "ldap://127.0.0.1:$LDAP_PORT" -D "$LDAP_ADMIN_DN" -y <(printf '%s' "$LDAP_ADMIN_PASSWORD") \
    -f "$LDAP_FILES/directory.ldif" >"$LDAP_ROOT/ldapadd.log" 2>&1 ||
    fail_with_log "$LDAP_ROOT/ldapadd.log" "Loading the test directory failed."
echo "OpenLDAP for tests on ldap://127.0.0.1:$LDAP_PORT (StartTLS) and ldaps://127.0.0.1:$LDAPS_PORT"

export ORCHESTRATOR_TEST_LDAP_URL="ldap://127.0.0.1:$LDAP_PORT"
export ORCHESTRATOR_TEST_LDAPS_URL="ldaps://127.0.0.1:$LDAPS_PORT"
export ORCHESTRATOR_TEST_LDAP_CA="$LDAP_ROOT/tls/ca.pem"
export ORCHESTRATOR_TEST_LDAP_CA_DIR="$LDAP_ROOT/trust"
export ORCHESTRATOR_TEST_LDAP_CERT="$LDAP_ROOT/tls/server.pem"
export ORCHESTRATOR_TEST_LDAP_KEY="$LDAP_ROOT/tls/server.key"
export ORCHESTRATOR_TEST_LDAP_BASE="dc=orchestrator,dc=test"
export ORCHESTRATOR_TEST_LDAP_ADMIN_DN="$LDAP_ADMIN_DN"
export ORCHESTRATOR_TEST_LDAP_ADMIN_PASSWORD="$LDAP_ADMIN_PASSWORD"
export ORCHESTRATOR_TEST_SLAPD="$SLAPD"
export ORCHESTRATOR_TEST_LDAPADD=/usr/bin/ldapadd

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
