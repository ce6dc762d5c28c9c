"""gunicorn settings for Sen in production: `gunicorn -c deploy/gunicorn.conf.py webapp.wsgi:app`.

Every value can be overridden from the environment file (SEN_BIND, SEN_WORKERS, SEN_THREADS, ...).
"""
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Behind nginx on the same server; the proxy terminates TLS and buffers slow 2G clients,
# so a worker never waits on a phone's upload or download.
bind = os.environ.get("SEN_BIND", "127.0.0.1:8000")
# Pages are short CPU work plus database round trips: two processes per core, each with a few
# threads for the time spent waiting on PostgreSQL.
workers = _int("SEN_WORKERS", multiprocessing.cpu_count() * 2)
worker_class = "gthread"
threads = _int("SEN_THREADS", 4)
# The proxy has the whole request before it reaches us, so a request that takes 30 s is stuck, not slow.
timeout = _int("SEN_TIMEOUT", 30)
graceful_timeout = _int("SEN_GRACEFUL_TIMEOUT", 30)  # `systemctl reload sen` lets running requests finish
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow for months; jitter keeps them from all restarting at once.
max_requests = _int("SEN_MAX_REQUESTS", 5000)
max_requests_jitter = 500
# The app is built in each worker after the fork, so no database connection is shared between processes.
preload_app = False
forwarded_allow_ips = os.environ.get("SEN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access lines carry method, path (never personal data: Sen keeps it out of URLs), status and time.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("SEN_LOG_LEVEL", "info")
