#!/usr/bin/env bash
# Runs the whole pipeline on this machine: a local Kafka broker, the local
# PostgreSQL, and the four apps (built into dist/ by `npm run build`).
# Ctrl-C stops everything this script started.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"

export KAFKA_PORT="${KAFKA_PORT:-9092}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/gireve_connector}"
export IOP_TOKEN="${IOP_TOKEN:-dev-iop-token-b}"
# Development keys only: set your own outside a laptop.
export ADMIN_API_KEY="${ADMIN_API_KEY:-dev-admin-key-change-me}"
INGEST_KEY="${INGEST_KEY:-dev-ingest-key}"
export INGEST_API_KEYS="${INGEST_API_KEYS:-dev:$(printf '%s' "$INGEST_KEY" | sha256sum | cut -d' ' -f1)}"
LOG_DIR="$ROOT/.cache/pipeline-logs"
mkdir -p "$LOG_DIR"

pids=()
kafka_started_here=0

stop_all() {
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$kafka_started_here" = 1 ]; then bash deploy/local/kafka.sh stop; fi
  echo "Stopped."
}
trap stop_all EXIT
trap 'stop_all; exit 0' INT TERM

# PostgreSQL must already run (the machine's server); the apps create their database.
node -e "
  const { Client } = require('pg');
  const url = new URL(process.env.DATABASE_URL); url.pathname = '/postgres';
  const c = new Client({ connectionString: url.toString() });
  c.connect().then(() => c.end()).catch((e) => { console.error('PostgreSQL is not reachable at ' + url.host + ': ' + e.message); process.exit(1); });
"

if ! bash deploy/local/kafka.sh status >/dev/null 2>&1; then
  bash deploy/local/kafka.sh start
  kafka_started_here=1
fi

start_app() { # name port extra-env...
  local name=$1 port=$2; shift 2
  env PORT="$port" "$@" node "dist/apps/$name/src/main.js" >"$LOG_DIR/$name.log" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 60))
  until grep -q "$name listening on" "$LOG_DIR/$name.log" 2>/dev/null; do
    if ! kill -0 "${pids[-1]}" 2>/dev/null; then echo "$name failed to start:"; tail -20 "$LOG_DIR/$name.log"; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then echo "$name did not start within 60 s"; tail -20 "$LOG_DIR/$name.log"; exit 1; fi
    sleep 0.2
  done
}

start_app iop-simulator 3004 IOP_PUBLIC_URL=http://127.0.0.1:3004
start_app locations-api 3003
start_app charger-events 3001 NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=8" MALLOC_ARENA_MAX="2" # heap bounds and malloc arenas, as in deploy/k8s/base/charger-events.yaml
start_app gireve-push 3002 IOP_VERSIONS_URL=http://127.0.0.1:3004/ocpi/emsp/versions

# A demo Location (LOC1 with EVSE1 and EVSE2, the latter fed by OCPP 1.6 charge point CP1 connector 1),
# created through the admin API like any CPO Location: stored, published, pushed to the IOP.
admin() { curl -sf -o /dev/null -H "x-api-key: $ADMIN_API_KEY" -H 'content-type: application/json' "$@"; }
if admin -X PUT --data @deploy/local/demo-location.json http://127.0.0.1:3003/admin/locations/LOC1 &&
  admin -X PUT --data '[{"evse_uid":"EVSE2","charge_point_id":"CP1","ocpp16_connector_id":1}]' http://127.0.0.1:3003/admin/locations/LOC1/ocpp-bindings; then
  echo "Demo Location LOC1 (EVSE1, EVSE2 = CP1 connector 1) is in place."
else
  echo "Could not create the demo Location LOC1; see $LOG_DIR/locations-api.log"
fi
deadline=$((SECONDS + 30))
until curl -sf -o /dev/null http://127.0.0.1:3001/health/ready; do
  if [ $SECONDS -ge $deadline ]; then echo "charger-events is not ready; see $LOG_DIR/charger-events.log"; break; fi
  sleep 0.2
done

cat <<MSG

Pipeline running (logs in $LOG_DIR):
  Kafka           $KAFKA_BROKERS
  PostgreSQL      ${DATABASE_URL%%\?*}
  charger-events  http://127.0.0.1:3001   (POST /v1/status-events/native|ocpp16|ocpp201, key: $INGEST_KEY; /docs)
  gireve-push     http://127.0.0.1:3002
  locations-api   http://127.0.0.1:3003   (admin API /admin/locations, X-API-Key: $ADMIN_API_KEY; /docs)
  iop-simulator   http://127.0.0.1:3004   (GET /admin/requests)
Press Ctrl-C to stop.
MSG

wait -n "${pids[@]}" || true
echo "An app exited; see $LOG_DIR."
