#!/usr/bin/env bash
# Restore a backup (backup.sh's custom-format dump) into a new database on the same server.
#
#   deploy/restore.sh /var/backups/kist/kist-2027-05-01.dump kist_restored
#
# It never touches an existing database: NEW_DATABASE must not exist yet, and is created, owned
# by DATABASE_URL's user (from the environment, else /etc/kist/kist.env or KIST_ENV_FILE), which
# needs the CREATEDB privilege. A restore that fails drops the half-made database. To use it, point
# DATABASE_URL at it and restart kist-app@* and kist-worker@*.
set -euo pipefail

refuse() { echo "restore.sh: $*" >&2; exit 2; }

[ $# -eq 2 ] || refuse "usage: restore.sh BACKUP.dump NEW_DATABASE (two arguments)"
dump=$1 name=$2
[ -f "$dump" ] && [ -r "$dump" ] || refuse "$dump is not a readable file"
[[ $name =~ ^[a-z_][a-z0-9_]{0,62}$ ]] \
    || refuse "'$name' is not a plain database name (lower-case letters, digits, _)"

# shellcheck source=deploy/database-url.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/database-url.sh"
# postgres://user:password@host:port/name?options → the server, the live name, the options.
[[ $url =~ ^(postgres(ql)?://[^/]*)/([^?]*)(\?.*)?$ ]] \
    || refuse "DATABASE_URL is not a PostgreSQL URL with a database name"
server=${BASH_REMATCH[1]} live=${BASH_REMATCH[3]} options=${BASH_REMATCH[4]:-}
[ "$name" != "$live" ] || refuse "$name is the database Kist is using: restore into a new one"
command -v pg_restore >/dev/null || refuse "pg_restore not found: apt-get install postgresql-client"
pg_restore --list "$dump" >/dev/null 2>&1 || refuse "$dump is not a pg_dump custom-format archive"

maintenance="$server/postgres$options"
target="$server/$name$options"
exists=$(psql --no-psqlrc --quiet --tuples-only --no-align --dbname="$maintenance" \
    --command="SELECT 1 FROM pg_database WHERE datname = '$name'")
[ -z "$exists" ] || refuse "database $name already exists: restore into a new one"

psql --no-psqlrc --quiet --dbname="$maintenance" --command="CREATE DATABASE \"$name\"" >/dev/null
trap 'echo "restore.sh: restore failed; dropping $name" >&2
      psql --no-psqlrc --quiet --dbname="$maintenance" \
           --command="DROP DATABASE IF EXISTS \"$name\"" >/dev/null || true' ERR
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$target" \
    "$dump"
trap - ERR
echo "restore.sh: restored $dump into $name"
