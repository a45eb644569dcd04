#!/usr/bin/env bash
# Back Kist's database up to one file, in pg_dump's custom format (compressed; restore.sh reads it).
#
#   deploy/backup.sh /var/backups/kist/kist-$(date +%F).dump
#
# The database is DATABASE_URL's: from the environment, else from /etc/kist/kist.env (or the
# file named by KIST_ENV_FILE). Run it as a user that can read that file, e.g. from root's cron.
# An existing file is never overwritten; the dump is written beside it and renamed when complete.
set -euo pipefail

refuse() { echo "backup.sh: $*" >&2; exit 2; }

[ $# -eq 1 ] || refuse "usage: backup.sh OUTPUT.dump (one argument, the file to write)"
out=$1
case $out in -*) refuse "usage: backup.sh OUTPUT.dump ('$out' is not a file name)" ;; esac
[ -e "$out" ] && refuse "$out already exists: name a new file"
dir=$(dirname -- "$out")
[ -d "$dir" ] && [ -w "$dir" ] || refuse "$dir is not a directory this user can write to"

# shellcheck source=deploy/database-url.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/database-url.sh"
command -v pg_dump >/dev/null || refuse "pg_dump not found: apt-get install postgresql-client"

partial="$out.partial.$$"
trap 'rm -f -- "$partial"' EXIT
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file="$partial" \
    --dbname="$url"
# Readable as an archive, or it is not a backup.
pg_restore --list "$partial" >/dev/null
mv -- "$partial" "$out"
trap - EXIT
echo "backup.sh: wrote $out ($(du -h -- "$out" | cut -f1))"
