#!/bin/sh
# Miz's process launcher: one script for the container image, the systemd units and CI (.ci/multinode).
#   entrypoint.sh web        gunicorn (gthread) on $MIZ_BIND
#   entrypoint.sh worker     the task worker, every queue
#   entrypoint.sh scheduler  enqueues the periodic jobs (two are safe)
#   entrypoint.sh pdfcheck   the node's PDF checker on $MIZ_PDF_CHECK_BIND (decision 0136)
#   entrypoint.sh migrate    migrate, then the official holiday calendar (idempotent; run before web)
#   entrypoint.sh manage …   any manage.py command
# Settings come from the environment (README, "Production"; deploy/env.example).
set -eu

APP_DIR=${MIZ_APP_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
PY=${MIZ_PYTHON:-python}
MANAGE="$APP_DIR/manage.py"

case "${1:-web}" in
web)
  shift || true
  # Why these flags (docs/decisions/0065-deployable-stack.md):
  # - gthread: THREADS requests per process; a request waiting on PostgreSQL does not hold the
  #   whole process. Slow clients never reach gunicorn: nginx buffers request and response bodies.
  # - --worker-connections = THREADS: a process whose threads are all busy stops accepting, so a
  #   new connection (a health probe) is taken by a process with a free thread instead of queueing
  #   behind a slow request. nginx caps the application traffic per node below WORKERS × THREADS
  #   (max_conns in deploy/nginx.conf), so some thread is always free for /livez and /readyz.
  # - --keep-alive 0: nginx talks HTTP/1.0 to the upstream; an idle kept-alive socket would count
  #   as a connection and block accepting.
  # - --timeout: the arbiter restarts a process whose main loop is stuck this long.
  # MIZ_GUNICORN_CONFIG names the gunicorn config file (hooks), absolute or relative to the code;
  # by default miz/gunicorn_conf.py, whose hooks keep Prometheus' per-process files (core.metrics);
  # set it empty to use none. GUNICORN_CMD_ARGS is read by gunicorn itself. The flags below win.
  # No access log of gunicorn's: Miz writes one JSON line per request with its id (core.requestlog).
  threads=${MIZ_WEB_THREADS:-8}
  config=${MIZ_GUNICORN_CONFIG-miz/gunicorn_conf.py}
  case "$config" in
  "" | /* | python:*) ;;
  *) config="$APP_DIR/$config" ;; # relative to the code, whatever the working directory
  esac
  set -- \
    --pythonpath "$APP_DIR" \
    --bind "${MIZ_BIND:-0.0.0.0:8000}" \
    --worker-class gthread \
    --workers "${MIZ_WEB_WORKERS:-2}" \
    --threads "$threads" \
    --worker-connections "$threads" \
    --keep-alive 0 \
    --timeout "${MIZ_WEB_TIMEOUT:-60}" \
    --graceful-timeout "${MIZ_WEB_GRACEFUL_TIMEOUT:-30}" \
    --max-requests "${MIZ_WEB_MAX_REQUESTS:-2000}" \
    --max-requests-jitter 200 \
    ${config:+--config "$config"} \
    "$@"
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then set -- --worker-tmp-dir /dev/shm "$@"; fi
  # glibc's allocator: a block of 128 KB or more (a 500 KB upload's body, its copies) is mapped on
  # its own and given back to the system when freed, instead of raising the threshold and staying
  # in the worker's heap (decision 0137: ~5 MB less a warm worker side by side). A value in the
  # environment wins.
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
  exec "$PY" -m gunicorn "$@" miz.wsgi:application
  ;;
pdfcheck)
  shift
  # The web nodes' PDF structure check (core.pdfchecker; they name it in MIZ_UPLOAD_PDF_CHECKER).
  # --preload: pypdf is imported once by the master and shared by the forked processes. Sync
  # processes, one check each at a time: a check is CPU work. Each stops its parse after
  # MIZ_UPLOAD_PDF_CHECK_SECONDS and limits its memory to MIZ_UPLOAD_PDF_CHECK_MEMORY_BYTES; the
  # arbiter's --timeout is the backstop for a process stuck outside the parse.
  seconds=${MIZ_UPLOAD_PDF_CHECK_SECONDS:-20}
  set -- \
    --pythonpath "$APP_DIR" \
    --bind "${MIZ_PDF_CHECK_BIND:-unix:/run/miz-pdfcheck/pdfcheck.sock}" \
    --worker-class sync \
    --workers "${MIZ_PDF_CHECK_WORKERS:-2}" \
    --preload \
    --no-control-socket \
    --timeout "$(( ${seconds%.*} + 10 ))" \
    --max-requests "${MIZ_PDF_CHECK_MAX_REQUESTS:-1000}" \
    --max-requests-jitter 100 \
    "$@"
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then set -- --worker-tmp-dir /dev/shm "$@"; fi
  exec "$PY" -m gunicorn "$@" core.pdfchecker:application
  ;;
worker)
  shift
  exec "$PY" "$MANAGE" miz_worker --queue-name '*' "$@"
  ;;
scheduler)
  shift
  exec "$PY" "$MANAGE" miz_scheduler "$@"
  ;;
migrate)
  shift
  "$PY" "$MANAGE" migrate --noinput "$@"
  exec "$PY" "$MANAGE" seed_holidays
  ;;
manage)
  shift
  exec "$PY" "$MANAGE" "$@"
  ;;
*)
  exec "$@"
  ;;
esac
