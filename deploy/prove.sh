#!/usr/bin/env bash
# Prove the reference deployment on this one machine, on loopback only, in a few minutes:
#
#   bash deploy/prove.sh
#
# nginx (Debian's, as its own master process on a test configuration made here: plain HTTP on a
# loopback port, the upstream block and proxy settings of nginx/kist.conf) in front of TWO
# gunicorn app servers (gunicorn.conf.py) and ONE `manage.py worker`, on a fresh PostgreSQL
# database and Redis, with deploy/kist.env.example as the environment (plus what a loopback
# test needs: no TLS, a random key, loopback hosts, no SMTP). Then:
#   1. ballots are cast through nginx with bench/ballots.py from many clients, and one app
#      server is SIGKILLed part-way: nothing acknowledged may be lost, nothing stored twice;
#   2. voting is closed and a count is asked for the way a process admin does (sign in, POST
#      with CSRF, through nginx); the worker must finish it in time;
#   3. /healthz answers 200 through nginx, a static file is served under its hashed name, and
#      a query string sent through nginx appears in no access log;
#   4. backup.sh and restore.sh round-trip the database into a new one;
#   5. the production site nginx/kist.conf passes `nginx -t` (with a throwaway certificate).
# It prints the figures and exits 0, or prints one line saying what failed and exits 1. Every
# process it started, and its databases, are gone when it exits, whatever happened.
#
# Needs: PostgreSQL on 127.0.0.1:5432 (user postgres, trust), Redis on 127.0.0.1:6379 (both
# started if down, and stopped again if this script started them), nginx (installed with apt-get
# when missing and run as root), the venv (.venv, or KIST_PYTHON=/path/to/venv/bin/python).
# PROVE_CASTS, PROVE_CLIENTS and PROVE_KILL_AFTER change the load (6000 casts, 24 clients, 6 s);
# PROVE_KEEP_LOGS=1 keeps the logs (in /tmp/kist-prove.*) after a run that passed too.
set -Eeuo pipefail

ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PY=${KIST_PYTHON:-$ROOT/.venv/bin/python}
BIN=$(dirname -- "$PY")
CASTS=${PROVE_CASTS:-6000}
CLIENTS=${PROVE_CLIENTS:-24}
KILL_AFTER=${PROVE_KILL_AFTER:-6}
BUDGET=300      # seconds for every step together; stopping everything takes well under a minute
PG="127.0.0.1:5432"
export PGCONNECT_TIMEOUT=5
DB="kist_prove_$$"
RESTORED="${DB}_restored"

say() { printf 'prove: %s\n' "$*"; }
fail() { printf 'prove: FAIL: %s\n' "$*" >&2; exit 1; }
trap 'fail "line $LINENO: \`$BASH_COMMAND\` exited $?"' ERR
psql_admin() { psql --no-psqlrc -q -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

# --- cleanup: whatever happens from here on ------------------------------------------------------

TMP=$(mktemp -d /tmp/kist-prove.XXXXXX)
LEADERS=()      # app servers and the worker: each leads its own process group (setsid)
NGINX_PID=""
STARTED_REDIS=""
STARTED_PG=""
DB_MADE=""
CHILD=""        # the bounded step under way

# A step with a time limit (its own, and what is left of the run's), run in the background and
# waited for, so that an interrupt reaches this script at once (a foreground command would delay
# it until the step ended).
bounded() {  # seconds, command...
    local seconds=$1 rc=0 left=$((BUDGET - SECONDS))
    shift
    [ "$left" -gt 0 ] || fail "out of time: the run has had its $BUDGET s"
    [ "$seconds" -le "$left" ] || seconds=$left
    timeout "$seconds" "$@" &
    CHILD=$!
    wait "$CHILD" || rc=$?
    CHILD=""
    [ "$rc" -ne 124 ] || echo "prove: ${*:1:2} ran out of its $seconds s" >&2
    return "$rc"
}

stop_group() {  # pid: TERM its group, wait up to 10 s, then KILL
    local pid=$1 i
    kill -TERM -- "-$pid" 2>/dev/null || return 0
    for i in $(seq 1 50); do
        kill -0 -- "-$pid" 2>/dev/null || return 0
        sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    trap - ERR
    if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; fi
    if [ -n "$NGINX_PID" ]; then
        kill -QUIT "$NGINX_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$NGINX_PID" 2>/dev/null
    fi
    for pid in "${LEADERS[@]}"; do stop_group "$pid"; done
    if [ -n "$DB_MADE" ]; then
        psql_admin -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" \
                   -c "DROP DATABASE IF EXISTS \"$RESTORED\" WITH (FORCE)" >/dev/null 2>&1 \
            || echo "prove: could not drop $DB / $RESTORED" >&2
    fi
    if [ -n "$STARTED_REDIS" ]; then
        redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1
    fi
    if [ -n "$STARTED_PG" ]; then
        pg_ctlcluster --skip-systemctl-redirect "$STARTED_PG" main stop >/dev/null 2>&1
    fi
    if [ "$rc" -eq 0 ] && [ -z "${PROVE_KEEP_LOGS:-}" ]; then
        rm -rf -- "$TMP"
    else
        echo "prove: logs are in $TMP" >&2
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# --- what it needs -------------------------------------------------------------------------------

[ -x "$PY" ] || fail "no Python at $PY: make install, or set KIST_PYTHON"
[ -x "$BIN/gunicorn" ] || fail "no gunicorn beside $PY"
NGINX=$(command -v nginx || true)
[ -n "$NGINX" ] || { [ -x /usr/sbin/nginx ] && NGINX=/usr/sbin/nginx; } || true
if [ -z "$NGINX" ]; then
    [ "$(id -u)" -eq 0 ] || fail "nginx is not installed: apt-get install nginx (as root)"
    say "installing nginx (Debian's package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null && \
             DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; } \
        || fail "apt-get install nginx failed"
    NGINX=/usr/sbin/nginx
fi
for tool in psql pg_isready pg_dump pg_restore redis-cli curl openssl setsid timeout; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    version=$(ls /etc/postgresql | head -n 1)
    say "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || fail "PostgreSQL did not start"
    STARTED_PG=$version
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
    pg_isready -h 127.0.0.1 -p 5432 -q || fail "PostgreSQL is not answering on $PG"
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    say "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    STARTED_REDIS=1
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || fail "Redis is not answering"
fi

# Three free loopback ports: two app servers and nginx.
read -r PORT_A PORT_B PORT_NGINX < <("$PY" - <<'EOF'
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))
EOF
)

# --- the environment: the documented production one, made fit for a loopback test -------------

while IFS= read -r line; do
    case $line in ''|'#'*) continue ;; esac
    export "${line%%=*}=${line#*=}"
done < deploy/kist.env.example
export DEBUG=false
SECRET_KEY=$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SECRET_KEY
BALLOT_BOX_KEY=$("$PY" -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')
export BALLOT_BOX_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost
export DATABASE_URL="postgres://postgres@$PG/$DB"
export REDIS_URL=redis://127.0.0.1:6379/13
export SECURE_SSL_REDIRECT=false          # nginx speaks plain HTTP on loopback here
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export STATIC_ROOT="$TMP/static"
export VOTING_CODE_ATTEMPTS=1000000000    # every client is 127.0.0.1
export LOG_LEVEL=WARNING
export DJANGO_SETTINGS_MODULE=config.settings
export PYTHONPATH="$ROOT"                 # this checkout, whatever the venv was installed from
env | grep -E '^(SECRET_KEY|ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS|DATABASE_URL|REDIS_URL|TRUSTED_PROXIES|SECURE_[A-Z_]+|EMAIL_[A-Z_]+|DEFAULT_FROM_EMAIL|STATIC_ROOT|LOG_LEVEL|VOTING_CODE_ATTEMPTS|VOTING_CODE_PEPPER|BALLOT_BOX_KEY|DEBUG)=' \
    | sort > "$TMP/kist.env"

# --- database, static files ------------------------------------------------------------------

say "database $DB: create, migrate; collectstatic into $STATIC_ROOT"
psql_admin -c "CREATE DATABASE \"$DB\"" >/dev/null
DB_MADE=1
bounded 90 "$PY" manage.py migrate --no-input -v 0 || fail "migrate failed"
bounded 60 "$PY" manage.py collectstatic --no-input -v 0 || fail "collectstatic failed"

# --- app servers, worker, nginx --------------------------------------------------------------

start_leader() {  # name, command...: run in a session of its own, remember its pid
    local name=$1
    shift
    setsid "$@" </dev/null >>"$TMP/$name.out" 2>&1 &
    LAST_PID=$!
    LEADERS+=("$LAST_PID")
    disown "$LAST_PID"   # its end (one is killed on purpose) is not this shell's news
    # setsid runs the command itself (no fork) when the shell is not a group leader.
    sleep 0.2
    local pgid
    pgid=$(ps -o pgid= -p "$LAST_PID" | tr -d ' ')
    [ "$pgid" = "$LAST_PID" ] || fail "$name ($LAST_PID) is not leading its own process group"
}

start_app() {  # name, port
    KIST_BIND="127.0.0.1:$2" KIST_WORKERS=2 KIST_THREADS=4 \
    KIST_ACCESS_LOG="$TMP/$1.access.log" KIST_ERROR_LOG="$TMP/$1.error.log" \
        start_leader "$1" "$BIN/gunicorn" --config deploy/gunicorn.conf.py --chdir "$ROOT" \
        config.wsgi:application
}

wait_healthy() {  # name, url, pid
    local code=""
    for _ in $(seq 1 150); do
        kill -0 "$3" 2>/dev/null || fail "$1 exited while starting; see $TMP/$1.*"
        code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -H 'Host: 127.0.0.1' "$2" || true)
        [ "$code" = 200 ] && return 0
        sleep 0.2
    done
    fail "$1 did not answer 200 on $2 within 30 s (last: ${code:-no answer})"
}

say "app servers on 127.0.0.1:$PORT_A and :$PORT_B, a worker, nginx on 127.0.0.1:$PORT_NGINX"
start_app app-a "$PORT_A"
PID_A=$LAST_PID
start_app app-b "$PORT_B"
PID_B=$LAST_PID
start_leader worker "$PY" manage.py worker --worker-id "prove-$$"
PID_WORKER=$LAST_PID
wait_healthy app-a "http://127.0.0.1:$PORT_A/healthz" "$PID_A"
wait_healthy app-b "http://127.0.0.1:$PORT_B/healthz" "$PID_B"
kill -0 "$PID_WORKER" 2>/dev/null || fail "the worker exited; see $TMP/worker.out"

# The test site: the production upstream block (its ports changed) and log format, the shared
# proxy settings, and the same locations as the HTTPS site, on plain HTTP.
mkdir -p "$TMP/nginx"
chmod 755 "$TMP"   # nginx's workers (www-data) reach their temporary directories through it
upstream=$(sed -n '/^upstream kist_app {/,/^}/p' deploy/nginx/kist.conf \
           | sed "s/127\.0\.0\.1:8001 /127.0.0.1:$PORT_A /; s/127\.0\.0\.1:8002 /127.0.0.1:$PORT_B /")
grep -q "127.0.0.1:$PORT_A " <<<"$upstream" && grep -q "127.0.0.1:$PORT_B " <<<"$upstream" \
    || fail "could not find the upstream servers 127.0.0.1:8001 and :8002 in nginx/kist.conf"
log_format=$(sed -n '/^log_format kist /,/;$/p' deploy/nginx/kist.conf)
[ -n "$log_format" ] || fail "no 'log_format kist' in nginx/kist.conf"
user_line=""
if [ "$(id -u)" -eq 0 ]; then user_line="user www-data;"; fi
cat > "$TMP/nginx/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 2;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
    client_body_temp_path $TMP/nginx/body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;
    default_type application/octet-stream;
$log_format
$upstream
    server {
        listen 127.0.0.1:$PORT_NGINX;
        server_name 127.0.0.1 localhost;
        access_log $TMP/nginx/access.log kist;
        include "$ROOT/deploy/nginx/kist-proxy.conf";
        location = /healthz {
            access_log off;
            proxy_pass http://kist_app;
        }
        location / {
            proxy_pass http://kist_app;
        }
    }
}
EOF
"$NGINX" -t -q -p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf" 2>"$TMP/nginx-t.err" \
    || fail "nginx -t refused the test configuration: $(tr '\n' ' ' <"$TMP/nginx-t.err")"
setsid "$NGINX" -p "$TMP/nginx/" -c "$TMP/nginx/nginx.conf" </dev/null >>"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
wait_healthy nginx "http://127.0.0.1:$PORT_NGINX/healthz" "$NGINX_PID"

# --- 1. ballots through nginx, one app server killed part-way --------------------------------

say "casting $CASTS ballots through nginx from $CLIENTS clients; app server B (pid $PID_B) is killed after ${KILL_AFTER} s"
bench_rc=0
bounded 180 "$PY" bench/ballots.py --url "http://127.0.0.1:$PORT_NGINX" \
    --database-url "$DATABASE_URL" --db-name "$DB" --redis-url "$REDIS_URL" \
    --casts "$CASTS" --clients "$CLIENTS" --max-seconds 120 \
    --kill-pid "$PID_B" --kill-after "$KILL_AFTER" --no-targets \
    --summary-json "$TMP/bench.json" >"$TMP/bench.out" 2>&1 || bench_rc=$?
sed 's/^/    /' "$TMP/bench.out"
if [ "$bench_rc" -ne 0 ]; then
    if [ -s "$TMP/bench.json" ]; then
        fail "casting through nginx: $("$PY" -c 'import json,sys; print("; ".join(json.load(open(sys.argv[1]))["problems"]))' "$TMP/bench.json")"
    fi
    fail "bench/ballots.py did not finish: $(tail -n 1 "$TMP/bench.out")"
fi
! kill -0 "$PID_B" 2>/dev/null || fail "app server B ($PID_B) is still running after the kill"
kill -0 "$PID_A" 2>/dev/null || fail "app server A ($PID_A) died"
kill -0 "$NGINX_PID" 2>/dev/null || fail "nginx died"
kill -0 "$PID_WORKER" 2>/dev/null || fail "the worker died"

# --- 2. a count, asked for as a process admin does, carried out by the worker ----------------

say "closing voting and asking for a count through nginx (sign-in, CSRF); waiting for the worker"
cat > "$TMP/count.py" <<'EOF'
"""Sign in through nginx as a process admin, ask for a count, wait for the worker to finish it."""
import http.client
import json
import re
import secrets
import sys
import time
from datetime import timedelta
from urllib.parse import urlencode

import django

django.setup()
from django.contrib.auth.models import User  # noqa: E402
from django.utils import timezone  # noqa: E402

from budgeting.models import Envelope, Process  # noqa: E402
from voting.models import Ballot  # noqa: E402
from voting.results.models import CountJob  # noqa: E402

port, out, limit = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])


def stop(message):
    print(message, file=sys.stderr)
    sys.exit(1)


process = Process.objects.get(slug="bench")
# Voting closed yesterday: the process is in its results phase.
Process.objects.filter(pk=process.pk).update(voting_end=timezone.localdate() - timedelta(days=1))
envelope = Envelope.objects.get(process=process)
password = secrets.token_urlsafe(18)
admin = User.objects.create_superuser(username="prove-admin",
                                      email="prove-admin@kist.localhost", password=password)
# Staff sign in with a confirmed address and an authenticator app's code.
from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value  # noqa: E402

EmailAddress.objects.create(user=admin, email=admin.email, primary=True, verified=True)
totp_secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
TOTP.activate(admin, totp_secret)
cookies = {}


def request(method, path, form=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read().decode("utf-8", "replace")
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    connection.close()
    return response.status, response.headers, data


def token(page):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not found:
        stop("no CSRF token on the page")
    return found.group(1)


status, _, page = request("GET", "/account/login/")
if status != 200:
    stop(f"sign-in page: {status}")
status, headers, _ = request("POST", "/account/login/", {
    "csrfmiddlewaretoken": token(page), "login": "prove-admin@kist.localhost",
    "password": password})
if status != 302 or "/account/2fa/authenticate/" not in headers.get("Location", ""):
    stop(f"signing in answered {status}, not a redirect to the second factor")
status, _, page = request("GET", "/account/2fa/authenticate/")
code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
status, headers, _ = request("POST", "/account/2fa/authenticate/", {
    "csrfmiddlewaretoken": token(page), "code": code})
if status != 302 or "sessionid" not in cookies:
    stop(f"the second factor answered {status}, not a redirect with a session")
staff = f"/p/{process.slug}/results/staff/"
status, _, page = request("GET", staff)
if status != 200:
    stop(f"{staff}: {status}")
asked = time.monotonic()
status, headers, _ = request("POST", f"{staff}envelopes/{envelope.pk}/count/",
                             {"csrfmiddlewaretoken": token(page)})
if status != 302:
    stop(f"asking for the count answered {status}, not a redirect")
answered = time.monotonic() - asked
deadline = asked + limit
job = None
while time.monotonic() < deadline:
    job = CountJob.objects.filter(envelope=envelope).order_by("-id").first()
    if job is not None and job.status in (CountJob.Status.DONE, CountJob.Status.FAILED):
        break
    time.sleep(0.2)
if job is None:
    stop("no count job was recorded")
if job.status != CountJob.Status.DONE:
    stop(f"the count is {job.status} after {limit:.0f} s"
         + (f": {job.reason}" if job.reason else f" ({job.step or 'not started'})"))
ballots = Ballot.objects.filter(envelope=envelope, spoilt=False).count()
if job.tally is None or job.tally.ballots != ballots:
    stop(f"the count has {job.tally and job.tally.ballots} ballots, the database {ballots}")
result = {
    "request_s": round(answered, 3),
    "queued_s": round((job.started_at - job.requested_at).total_seconds(), 2),
    "running_s": round((job.finished_at - job.started_at).total_seconds(), 2),
    "total_s": round((job.finished_at - job.requested_at).total_seconds(), 2),
    "ballots": job.tally.ballots, "count_number": job.tally.number, "rule": job.tally.rule,
}
with open(out, "w") as f:
    json.dump(result, f)
EOF
bounded 90 "$PY" "$TMP/count.py" "$PORT_NGINX" "$TMP/count.json" 60 2>"$TMP/count.err" \
    || fail "count: $(tail -n 1 "$TMP/count.err")"

# --- 3. health, static files, logs -------------------------------------------------------------

say "checking /healthz, a hashed static file and the access logs through nginx"
health=$(curl -sS --max-time 10 -w ' %{http_code}' "http://127.0.0.1:$PORT_NGINX/healthz")
[ "${health##* }" = 200 ] || fail "/healthz through nginx answered ${health##* }: ${health% *}"
health=${health% *}
# Healthy, and the worker's heartbeat seen through the shared cache.
worker_seen=$("$PY" -c '
import json, sys
health = json.loads(sys.argv[1])
assert health["status"] == "ok", health
print(health.get("worker_seen_seconds_ago"))' "$health") || fail "/healthz is not ok: $health"
[ "$worker_seen" != None ] || fail "/healthz has not seen the worker: $health"

hashed=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["paths"]["kist/kist.css"])' \
         "$STATIC_ROOT/staticfiles.json") || fail "kist/kist.css is not in the static manifest"
[ "$hashed" != kist/kist.css ] || fail "the manifest has no hashed name for kist/kist.css"
static_code=$(curl -sS --max-time 10 -o "$TMP/kist.css" -D "$TMP/kist.css.headers" -w '%{http_code}' \
              "http://127.0.0.1:$PORT_NGINX/static/$hashed")
[ "$static_code" = 200 ] || fail "/static/$hashed through nginx answered $static_code"
cmp -s "$TMP/kist.css" "$STATIC_ROOT/$hashed" || fail "/static/$hashed is not the collected file"
cache_control=$(grep -i '^cache-control:' "$TMP/kist.css.headers" | tr -d '\r' | cut -d' ' -f2-)
grep -qi 'immutable\|max-age=315360000' <<<"$cache_control" \
    || fail "/static/$hashed is not cached for good (Cache-Control: ${cache_control:-none})"

secret="prove-query-$RANDOM$RANDOM"
code=$(curl -sS --max-time 10 -o /dev/null -D "$TMP/probe.headers" -w '%{http_code}' \
       -H 'X-Request-ID: chosen-by-the-client' "http://127.0.0.1:$PORT_NGINX/api/v1/processes/?q=$secret")
[ "$code" = 200 ] || fail "/api/v1/processes/?q=… through nginx answered $code"
request_id=$(grep -i '^x-request-id:' "$TMP/probe.headers" | tr -d '\r' | cut -d' ' -f2)
[[ $request_id =~ ^[0-9a-f]{32}$ ]] \
    || fail "the answer's X-Request-ID is '${request_id}', not nginx's \$request_id"
sleep 0.3
grep -q '"GET /api/v1/processes/ ' "$TMP/nginx/access.log" \
    || fail "nginx's access log has no line for /api/v1/processes/"
grep -q '"GET /api/v1/processes/ ' "$TMP"/app-a.access.log "$TMP"/app-b.access.log \
    || fail "no app server's access log has a line for /api/v1/processes/"
if grep -l -- "$secret" "$TMP/nginx/access.log" "$TMP"/app-*.access.log >/dev/null 2>&1; then
    fail "a query string was written to an access log"
fi
# The app servers see the client's address, as nginx forwards it, and nginx's request id.
grep -q "^127\.0\.0\.1 127\.0\.0\.1 .*\"GET /api/v1/processes/ .* $request_id\$" "$TMP"/app-a.access.log \
    || fail "app server A's access log does not show X-Forwarded-For and the request id from nginx"
grep -q " $request_id\$" "$TMP/nginx/access.log" \
    || fail "nginx's access log does not have the request id the app answered with"

# --- 4. backup and restore -------------------------------------------------------------------

say "backup.sh and restore.sh into a new database"
refusal=$(deploy/backup.sh 2>&1 >/dev/null) && fail "backup.sh with no argument did not refuse"
[ "$(wc -l <<<"$refusal")" -eq 1 ] || fail "backup.sh refused in more than one line"
bounded 60 env -u DATABASE_URL KIST_ENV_FILE="$TMP/kist.env" deploy/backup.sh "$TMP/kist.dump" >"$TMP/backup.out" 2>&1 \
    || fail "backup.sh failed: $(tail -n 1 "$TMP/backup.out")"
bounded 60 env -u DATABASE_URL KIST_ENV_FILE="$TMP/kist.env" deploy/restore.sh "$TMP/kist.dump" \
    "$RESTORED" >"$TMP/restore.out" 2>&1 || fail "restore.sh failed: $(tail -n 1 "$TMP/restore.out")"
refusal=$(env -u DATABASE_URL KIST_ENV_FILE="$TMP/kist.env" deploy/restore.sh "$TMP/kist.dump" \
          "$RESTORED" 2>&1) && fail "restore.sh into an existing database did not refuse"
[ "$(wc -l <<<"$refusal")" -eq 1 ] || fail "restore.sh refused in more than one line"
count_rows() {
    psql --no-psqlrc -qtA -h 127.0.0.1 -U postgres -d "$1" \
         -c "SELECT (SELECT count(*) FROM voting_ballot) || ' ' || (SELECT count(*) FROM voting_tally)"
}
live_rows=$(count_rows "$DB")
restored_rows=$(count_rows "$RESTORED")
[ "$live_rows" = "$restored_rows" ] \
    || fail "restored database has ballots/counts $restored_rows, the live one $live_rows"
dump_size=$(du -h "$TMP/kist.dump" | cut -f1)

# --- 5. the production site parses -----------------------------------------------------------

mkdir -p "$TMP/prod/logs"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=kist.example.org \
    -keyout "$TMP/prod/key.pem" -out "$TMP/prod/cert.pem" >/dev/null 2>&1
sed -e "s#/etc/letsencrypt/live/kist.example.org/fullchain.pem#$TMP/prod/cert.pem#" \
    -e "s#/etc/letsencrypt/live/kist.example.org/privkey.pem#$TMP/prod/key.pem#" \
    -e "s#/etc/nginx/snippets/kist-proxy.conf#$ROOT/deploy/nginx/kist-proxy.conf#" \
    -e "s#/var/log/nginx/#$TMP/prod/logs/#" deploy/nginx/kist.conf > "$TMP/prod/kist.conf"
cat > "$TMP/prod/nginx.conf" <<EOF
pid $TMP/prod/nginx.pid;
error_log $TMP/prod/error.log;
events {}
http {
    client_body_temp_path $TMP/prod/body;
    proxy_temp_path $TMP/prod/proxy;
    fastcgi_temp_path $TMP/prod/fastcgi;
    uwsgi_temp_path $TMP/prod/uwsgi;
    scgi_temp_path $TMP/prod/scgi;
    include $TMP/prod/kist.conf;
}
EOF
"$NGINX" -t -q -p "$TMP/prod/" -c "$TMP/prod/nginx.conf" 2>"$TMP/prod/nginx-t.err" \
    || fail "nginx -t refused nginx/kist.conf: $(grep -m1 emerg "$TMP/prod/nginx-t.err" || tail -n 1 "$TMP/prod/nginx-t.err")"

# --- figures ---------------------------------------------------------------------------------

"$PY" - "$TMP/bench.json" "$TMP/count.json" "$SECONDS" "$hashed" "$dump_size" "$live_rows" \
    "$worker_seen" <<'EOF'
import json
import sys

bench, count = (json.load(open(path)) for path in sys.argv[1:3])
seconds, hashed, dump_size, rows, worker_seen = sys.argv[3:8]
ballots, tallies = rows.split()
lines = [
    ("stack", "nginx → 2 gunicorn app servers (gthread 2×4) + 1 worker; PostgreSQL, Redis; "
              "loopback"),
    ("casting via nginx", f"{bench['measured_requests']} requests in {bench['seconds']} s "
                          f"(after {bench['requests'] - bench['measured_requests']} warm-up): "
                          f"{bench['ballots_per_second']} ballots/s (slowest 10 s window "
                          f"{bench['slowest_10s_ballots_per_second']})"),
    ("latency ms", f"p50 {bench['p50_ms']}  p95 {bench['p95_ms']}  p99 {bench['p99_ms']}  "
                   f"max {bench['max_ms']}"),
    ("app server killed", bench["kill"]),
    ("replies", f"201 {bench['201']}, 409 {bench['409']} (duplicates sent "
                f"{bench['duplicates_sent']}), unanswered {bench['unanswered']}"),
    ("lost / doubled", f"{bench['lost']} / {bench['doubled']} (ballots stored "
                       f"{bench['ballots_stored']} = 201s {bench['201']} + {bench['extra']} from "
                       f"unanswered requests)"),
    ("count job", f"done in {count['total_s']} s from the request (queued {count['queued_s']} s, "
                  f"counting {count['running_s']} s); {count['ballots']} ballots, "
                  f"rule {count['rule']}, count {count['count_number']}"),
    ("healthz via nginx", f"200 ok, worker seen {worker_seen} s ago"),
    ("static via nginx", f"/static/{hashed} 200, cached for good"),
    ("access logs", "no query strings (nginx and both app servers); nginx's request id "
                    "in both"),
    ("backup / restore", f"{dump_size} dump; {ballots} ballots, {tallies} counts restored "
                         "into a new database"),
    ("nginx/kist.conf", "nginx -t ok"),
    ("run time", f"{seconds} s"),
]
print()
for name, value in lines:
    print(f"  {name:<18} {value}")
print("prove: PASS")
EOF
