#!/bin/sh
# PostgreSQL 15 from the Debian packages, for tests/test_ducklake.py (the DuckLake catalog).
# Installs only when the server binaries are missing; the test starts its own throw-away server.
set -eu
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin | head -1) (already installed)"
    exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
echo "postgresql: $(ls -d /usr/lib/postgresql/*/bin | head -1) (installed)"
