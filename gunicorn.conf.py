"""Recommended gunicorn settings for policycycle (see docs/performance.md for the measurement).

    gunicorn -c gunicorn.conf.py 'webapp:create_app()'

Sync workers: each request has a process to itself, so a heavy page never
holds the GIL against a save, and a worker stuck on a request is killed
after ``timeout``. Override any value on the command line or with
GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

bind = os.environ.get("POLICYCYCLE_BIND", "127.0.0.1:8000")
worker_class = "sync"
# Two per core plus one: while one worker waits on the database, another computes.
workers = int(os.environ.get("POLICYCYCLE_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = 1
# A request that takes longer than this is a fault; the worker is replaced.
timeout = 30
graceful_timeout = 30
# Sync workers do not keep connections alive; a reverse proxy in front does.
keepalive = 2
# Recycle workers now and then so that no slow growth of memory accumulates.
max_requests = 2000
max_requests_jitter = 200
# Connections waiting for a worker (beyond it the kernel refuses).
backlog = 256
accesslog = None
errorlog = "-"
loglevel = "warning"
