# Sourced by backup.sh and restore.sh: sets $url to Kist's DATABASE_URL without its password,
# which goes to libpq through PGPASSWORD rather than on a command line others can read.
# The URL comes from the environment, else from /etc/kist/kist.env (or KIST_ENV_FILE).
# Needs refuse() from the caller.

env_file=${KIST_ENV_FILE:-/etc/kist/kist.env}
url=${DATABASE_URL:-}
if [ -z "$url" ] && [ -r "$env_file" ]; then
    # Read the one line: kist.env is systemd's format, not a shell script.
    url=$(sed -n 's/^DATABASE_URL=//p' "$env_file" | tail -n 1)
fi
[ -n "$url" ] || refuse "no DATABASE_URL in the environment or in $env_file"
case $url in postgres://*|postgresql://*) ;; *) refuse "DATABASE_URL is not a PostgreSQL URL" ;; esac
if [[ $url =~ ^(postgres(ql)?://[^:@/]*):([^@/]*)@(.*)$ ]]; then
    password=${BASH_REMATCH[3]}
    PGPASSWORD=$(printf '%b' "${password//%/\\x}")
    export PGPASSWORD
    url="${BASH_REMATCH[1]}@${BASH_REMATCH[4]}"
fi
