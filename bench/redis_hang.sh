#!/usr/bin/env bash
# A hung Redis under gunicorn (decision 0148): the public tracking POST timed with Redis up, while
# its own redis-server is stopped with SIGSTOP (it accepts connections and never answers), and after
# SIGCONT. Two sync workers, DEBUG=0, a fresh PostgreSQL database; nothing else on the machine is
# touched. Usage: bench/redis_hang.sh [requests-while-hung, default 4]
set -uo pipefail
cd "$(dirname "$0")/.."
hung_requests=${1:-4}
port=${MIZ_BENCH_PORT:-18751}
redis_port=${MIZ_BENCH_REDIS_PORT:-18752}
work=$(mktemp -d)
db="miz_hang_$(date +%s)_$$"
gpid=""
cleanup() {
  [ -n "$gpid" ] && kill "$gpid" 2>/dev/null
  [ -f "$work/redis.pid" ] && kill -CONT "$(cat "$work/redis.pid")" 2>/dev/null
  redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1
  sleep 1
  dropdb -h 127.0.0.1 -U postgres --if-exists "$db" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
createdb -h 127.0.0.1 -U postgres "$db"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --logfile "$work/redis.log" --pidfile "$work/redis.pid"
export DEBUG=0 SECRET_KEY="bench-$(head -c 30 /dev/urandom | base64 | tr -d '/+=\n')" ALLOWED_HOSTS=127.0.0.1 \
  SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 MIZ_VAR_DIR="$work/var" \
  DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_URL="redis://127.0.0.1:$redis_port/0"
unset DJANGO_SETTINGS_MODULE
.venv/bin/python manage.py collectstatic --noinput >/dev/null
.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/gunicorn miz.wsgi:application --bind "127.0.0.1:$port" --workers 2 --timeout 60 >"$work/gunicorn.log" 2>&1 &
gpid=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/livez" >/dev/null && break; sleep 0.2; done
track() { # label: one lookup that finds nothing (GET the form for its CSRF token, POST it, time the POST)
  curl -s -c "$work/jar" -b "$work/jar" -o "$work/form" "http://127.0.0.1:$port/desk/track/"
  token=$(grep -oE 'name="csrfmiddlewaretoken" value="[^"]+"' "$work/form" | head -1 | sed 's/.*value="//; s/"$//')
  curl -s -c "$work/jar" -b "$work/jar" -o /dev/null -w "$1 POST /desk/track/ %{http_code} %{time_total} s\n" \
    --data-urlencode "csrfmiddlewaretoken=$token" --data-urlencode code=0512345678906 \
    --data-urlencode identifier=0012345679 "http://127.0.0.1:$port/desk/track/"
}
for _ in 1 2 3; do track up; done
kill -STOP "$(cat "$work/redis.pid")"
for _ in $(seq 1 "$hung_requests"); do track hung; done
curl -s -o /dev/null -w "hung GET /readyz %{http_code} %{time_total} s\n" "http://127.0.0.1:$port/readyz"
kill -CONT "$(cat "$work/redis.pid")"
sleep 6  # each process tries Redis again 5 s after its last failure (core.rediscache.PAUSE_SECONDS)
for _ in 1 2; do track back; done
echo "500s in the gunicorn log: $(grep -c '"status": 5' "$work/gunicorn.log")"
