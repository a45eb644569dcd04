"""gunicorn settings for one Kist app server behind nginx.

    gunicorn -c deploy/gunicorn.conf.py config.wsgi:application

Read from the environment, so that one file serves every instance (systemd/kist-app@.service
sets KIST_BIND per port; the rest comes from /etc/kist/kist.env):

    KIST_BIND         address to listen on (127.0.0.1:8001); loopback only, nginx is in front
    KIST_WORKERS      worker processes (2)
    KIST_THREADS      threads per worker (4): each serves one request at a time
    KIST_ACCESS_LOG   where the access log goes ("-": stdout, the journal under systemd;
                      "" for none)
    KIST_ERROR_LOG    where gunicorn's own log goes ("-": stderr)

Each thread keeps its own PostgreSQL connection (DB_CONN_MAX_AGE), so an app server holds up to
KIST_WORKERS × KIST_THREADS of them: keep the sum over all app servers and workers below
PostgreSQL's max_connections.
"""

import logging
import os
import re

from gunicorn import glogging

bind = [os.environ.get("KIST_BIND", "127.0.0.1:8001")]
# Threads: a vote waits mostly on PostgreSQL and Redis, and a thread is cheap beside a process.
worker_class = "gthread"
workers = int(os.environ.get("KIST_WORKERS", "2"))
threads = int(os.environ.get("KIST_THREADS", "4"))
backlog = 2048

# A worker that has not reported back in this long is killed and replaced. Pages and votes
# take milliseconds; counting runs in the worker (manage.py worker), never in a request.
timeout = 30
# On stop or reload, requests under way get this long to finish.
graceful_timeout = 30
# Longer than nginx keeps an idle upstream connection (keepalive_timeout 60s in
# nginx/kist.conf): nginx must always be the side that closes one. If gunicorn closed it first,
# nginx could send a request down a connection as it closes, and would not retry a POST.
keepalive = 75

# Not the limits of a browser, but enough for long query strings of the API's filters.
limit_request_line = 8190

# Read code again on `systemctl reload` (SIGHUP): each worker imports the app itself.
preload_app = False
proc_name = "kist-app-" + bind[0].rsplit(":", 1)[-1]
# Several app servers run side by side on one machine; a shared control socket would clash.
control_socket_disable = True

# X-Forwarded-Proto is believed from nginx on this machine only (Django reads it too, when
# SECURE_PROXY_SSL_HEADER is on).
forwarded_allow_ips = "127.0.0.1,::1"

# The access log names the path and never the query string: voting codes can travel in one
# (`/vote/code/?code=…` on the printed cards). For the same reason there is no Referer, which
# may carry another page's query string. %(U)s is the path alone; %(r)s would be the request
# line, query string included.
accesslog = os.environ.get("KIST_ACCESS_LOG", "-") or None
# The last field is nginx's request id, as in its own log and Kist's.
access_log_format = ('%({x-forwarded-for}i)s %(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s '
                     '%(M)sms "%(a)s" %({x-request-id}i)s')
errorlog = os.environ.get("KIST_ERROR_LOG", "-")
loglevel = os.environ.get("KIST_LOG_LEVEL", "info")


class _WithoutQueryStrings(logging.Filter):
    """gunicorn names the request when one fails ("Error handling request GET /p?code=…"): keep
    the path, drop the query string."""

    QUERY = re.compile(r"\?[^\s\"']*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.QUERY.sub("?…", a) if isinstance(a, str) and "?" in a
                                else a for a in record.args)
        if isinstance(record.msg, str) and "?" in record.msg and not record.args:
            record.msg = self.QUERY.sub("?…", record.msg)
        return True


class Logger(glogging.Logger):
    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, _WithoutQueryStrings) for f in self.error_log.filters):
            self.error_log.addFilter(_WithoutQueryStrings())


logger_class = Logger
