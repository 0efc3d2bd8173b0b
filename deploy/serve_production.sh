#!/bin/sh
# The production serving profile on one machine (make serve-production):
# nginx (static pages, /static/, /media/) → gunicorn (everything else), plus the
# single static-page writer. PostgreSQL and Redis come from DATABASE_URL/REDIS_URL.
set -eu
: "${DATABASE_URL:?DATABASE_URL 未设置（PostgreSQL，例如 postgres://user@127.0.0.1:5432/cluster）}"
: "${REDIS_URL:?REDIS_URL 未设置（例如 redis://127.0.0.1:6379/1）}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-site_cluster.settings.production}"
export STATIC_PAGES_ROOT="${STATIC_PAGES_ROOT:-$PWD/data/pages}"
# TLS is terminated in front of this nginx (or add `listen 443 ssl` to the
# template); on plain HTTP the HTTPS redirect must be off.
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
PY="${PY:-.venv/bin/python}"
RUN_DIR="${RUN_DIR:-$PWD/run}"
LISTEN="${LISTEN:-127.0.0.1:8080}"
APP_ADDRESS="${APP_ADDRESS:-127.0.0.1:8001}"
NGINX="${NGINX:-/usr/sbin/nginx}"
mkdir -p "$RUN_DIR"

"$PY" manage.py migrate --noinput
"$PY" manage.py collectstatic --noinput >/dev/null
if [ -z "$(ls -A "$STATIC_PAGES_ROOT" 2>/dev/null | grep -v '^\.')" ]; then
    "$PY" manage.py export_static   # first start: write every public page
fi
"$PY" manage.py render_nginx_conf --listen "$LISTEN" --app "$APP_ADDRESS" --run-dir "$RUN_DIR"
"$NGINX" -t -q -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"

GUNICORN_BIND="$APP_ADDRESS" "$PY" -m gunicorn -c deploy/gunicorn.conf.py \
    site_cluster.wsgi:application &
APP_PID=$!
# The standing writer: catches whatever an after-commit kick missed.
"$PY" manage.py process_static_queue --loop 0.25 &
WRITER_PID=$!
# The single search index writer: web processes only queue updates.
"$PY" manage.py process_search_queue --loop 1 &
INDEXER_PID=$!
"$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
stop() {
    "$NGINX" -s quit -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" || true
    kill "$APP_PID" "$WRITER_PID" "$INDEXER_PID" 2>/dev/null || true
}
trap stop EXIT INT TERM
echo "nginx http://$LISTEN/ → gunicorn $APP_ADDRESS；Ctrl-C 停止。"
wait "$APP_PID"
