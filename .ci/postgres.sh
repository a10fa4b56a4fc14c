# Sourced by .ci/run: a throwaway PostgreSQL cluster for the test suite.
#
# start_test_postgres installs PostgreSQL from Debian's packages when no
# server binaries are found, creates a cluster in a temporary folder (trust
# authentication, listening on 127.0.0.1 only, durability switched off
# because the data is thrown away), starts it on a free port and exports
# RTCDESK_TEST_POSTGRES_URL. stop_test_postgres stops it and removes the folder.

pg_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1
}

as_postgres() {
    # initdb and postgres refuse to run as root.
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_test_postgres() {
    local bindir
    bindir=$(pg_bindir)
    if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
        echo "PostgreSQL not found: installing it from Debian's packages"
        local sudo=""
        [ "$(id -u)" = 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
        bindir=$(pg_bindir)
    fi
    PG_TEST_DIR=$(mktemp -d /tmp/rtcdesk-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres "$PG_TEST_DIR"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bindir/initdb" -D "$PG_TEST_DIR/data" -U postgres --auth=trust -E UTF8 \
        --no-sync >"$PG_TEST_DIR/initdb.log" 2>&1 || { cat "$PG_TEST_DIR/initdb.log"; return 1; }
    # One login that must give a password (tests/test_server_login.py); all
    # others are trusted.
    sed -i '1i host all rtcdesk_password_test 127.0.0.1/32 scram-sha-256' "$PG_TEST_DIR/data/pg_hba.conf"
    as_postgres "$bindir/pg_ctl" -D "$PG_TEST_DIR/data" -l "$PG_TEST_DIR/server.log" -w \
        -o "-p $port -k $PG_TEST_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$PG_TEST_DIR/server.log"; return 1; }
    PG_TEST_BINDIR=$bindir
    PG_TEST_PORT=$port
    export RTCDESK_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') started for the tests: $RTCDESK_TEST_POSTGRES_URL"
}

stop_test_postgres() {
    if [ -n "${PG_TEST_DIR:-}" ] && [ -d "$PG_TEST_DIR/data" ]; then
        as_postgres "$PG_TEST_BINDIR/pg_ctl" -D "$PG_TEST_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$PG_TEST_DIR"
    fi
}
