#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft broker+controller) run straight from
# Maven Central jars with the machine's Java 17: no Docker, no tarball.
#
#   kafka.sh start | stop | status | classpath | tools-classpath
#
# Env knobs (defaults):
#   KAFKA_PORT             9092
#   KAFKA_CONTROLLER_PORT  KAFKA_PORT+1
#   KAFKA_HOME_DIR         <repo>/.cache/kafka/<port>  (data/, kafka.pid, broker.log, server.properties)
#   KAFKA_VERSION          4.3.1
#   KAFKA_TOOLS_VERSION    KAFKA_VERSION               (kafka-tools for perf baselines)
#   KAFKA_HEAP             -Xms256m -Xmx512m
#   KAFKA_START_TIMEOUT    90   (seconds to wait for the broker to answer)
#   KAFKA_STOP_TIMEOUT     30   (seconds between SIGTERM and SIGKILL)
# See deploy/local/KAFKA.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CONF="$HERE/kafka"
CACHE="$REPO/.cache" # git-ignored

KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
KAFKA_TOOLS_VERSION="${KAFKA_TOOLS_VERSION:-$KAFKA_VERSION}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$CACHE/kafka/$KAFKA_PORT}"
KAFKA_HEAP="${KAFKA_HEAP:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

DATA_DIR="$KAFKA_HOME_DIR/data"
PID_FILE="$KAFKA_HOME_DIR/kafka.pid"
LOG_FILE="$KAFKA_HOME_DIR/broker.log"
PROPS="$KAFKA_HOME_DIR/server.properties"

log() { echo "kafka.sh[$KAFKA_PORT]: $*" >&2; }
die() { log "$*"; exit 1; }

# The SLF4J binding must match the line: Kafka 3.x ships slf4j 1.7, 4.x goes with 2.0.
slf4j_version() {
  case "$1" in
    3.*) echo 1.7.36 ;;
    *) echo 2.0.17 ;;
  esac
}

# resolve_cp POM VERSION OUT: resolve once into the repo-local Maven cache and
# keep the classpath in OUT; re-resolve only if OUT is missing or a jar vanished.
resolve_cp() {
  local pom="$1" version="$2" out="$3" jar
  if [[ -s "$out" ]]; then
    local ok=1
    IFS=: read -ra jars <"$out" || true # no final newline: read returns 1 yet fills jars
    for jar in "${jars[@]}"; do [[ -f "$jar" ]] || { ok=0; break; }; done
    ((ok)) && return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  mkdir -p "$CACHE"
  log "resolving $(basename "$pom") for Kafka $version into $CACHE/m2 ..."
  local tmp="$out.tmp.$$" t0=$EPOCHREALTIME
  mvn -B -q -Dstyle.color=never -f "$pom" -Dmaven.repo.local="$CACHE/m2" \
    -Dkafka.version="$version" -Dslf4j.version="$(slf4j_version "$version")" \
    dependency:build-classpath -DincludeScope=runtime -Dmdep.outputFile="$tmp" >&2 ||
    { rm -f "$tmp"; die "Maven could not resolve $(basename "$pom") for Kafka $version"; }
  mv -f "$tmp" "$out" # atomic: parallel starts on other ports may race here
  log "resolved in $(elapsed "$t0") s"
}

broker_cp() {
  local f="$CACHE/kafka-cp-$KAFKA_VERSION.txt"
  resolve_cp "$CONF/pom.xml" "$KAFKA_VERSION" "$f"
  cat "$f"
}

tools_cp() {
  local f="$CACHE/kafka-tools-cp-$KAFKA_TOOLS_VERSION.txt"
  resolve_cp "$CONF/tools-pom.xml" "$KAFKA_TOOLS_VERSION" "$f"
  cat "$f"
}

elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# Our broker is alive: the pid file names a live kafka.Kafka using our properties
# (guards against a stale pid file whose pid was reused).
pid_alive() {
  [[ -s "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $PROPS" || return 1
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

jvm_opts() {
  # shellcheck disable=SC2206 # KAFKA_HEAP is a list of flags
  JVM_OPTS=($KAFKA_HEAP -XX:+UseSerialGC -Djava.awt.headless=true
    -Dlog4j.configuration="file:$CONF/log4j.properties" -Dkafka.logs.dir="$KAFKA_HOME_DIR")
}

render_props() {
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" \
    -e "s#@KAFKA_CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
    -e "s#@DATA_DIR@#$DATA_DIR#g" "$CONF/server.properties" >"$PROPS"
}

# Format KRaft storage unless already formatted. If formatting fails (corrupt
# dir from a crashed run), wipe the data dir and format from scratch.
format_storage() {
  local cp="$1" cid
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  # Any random 16-byte id in URL-safe base64 is a valid cluster id; saves a JVM start.
  cid="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  cid="A${cid:1}" # a leading "-" would read as an option
  if ! java "${JVM_OPTS[@]}" -cp "$cp" kafka.tools.StorageTool format \
    -t "$cid" -c "$PROPS" --ignore-formatted >>"$LOG_FILE" 2>&1; then
    log "format failed; wiping $DATA_DIR and retrying"
    rm -rf "$DATA_DIR"
    java "${JVM_OPTS[@]}" -cp "$cp" kafka.tools.StorageTool format \
      -t "$cid" -c "$PROPS" >>"$LOG_FILE" 2>&1 || { tail -n 30 "$LOG_FILE" >&2; die "format failed"; }
  fi
}

# Launch kafka.Kafka in its own session (survives the calling shell); the
# inner shell writes its own pid, which exec turns into the JVM's pid.
launch() {
  local cp="$1"
  rm -f "$PID_FILE"
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    java "${JVM_OPTS[@]}" -cp "$cp" kafka.Kafka "$PROPS" >>"$LOG_FILE" 2>&1 </dev/null &
  local i
  for i in $(seq 50); do [[ -s "$PID_FILE" ]] && return 0; sleep 0.1; done
  die "broker process did not start; see $LOG_FILE"
}

# Poll until the log says "Kafka Server started" and the port accepts
# connections. Returns 1 on timeout, 2 if the JVM exited.
wait_ready() {
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) pid
  pid="$(cat "$PID_FILE")"
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 2
    if grep -q "Kafka Server started" "$LOG_FILE" && port_open "$KAFKA_PORT"; then
      return 0
    fi
    sleep 0.2
  done
  return 1
}

cmd_start() {
  if pid_alive && port_open "$KAFKA_PORT"; then
    log "already running (pid $(cat "$PID_FILE"), 127.0.0.1:$KAFKA_PORT)"
    return 0
  fi
  pid_alive && cmd_stop # alive but not answering: a half-started broker
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process"

  local t0=$EPOCHREALTIME cp rc=0
  cp="$(broker_cp)"
  mkdir -p "$KAFKA_HOME_DIR"
  # Fresh log (readiness is read from it); keep the previous one for post-mortems.
  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  jvm_opts
  render_props
  format_storage "$cp"
  launch "$cp"
  wait_ready || rc=$?
  if ((rc == 2)); then
    # The JVM died during startup, e.g. on a data dir left corrupt by a crash:
    # this is a throwaway dev broker, so start over on empty storage once.
    log "broker exited during startup; wiping $DATA_DIR and retrying once"
    tail -n 20 "$LOG_FILE" >&2
    rm -rf "$DATA_DIR"
    format_storage "$cp"
    launch "$cp"
    rc=0
    wait_ready || rc=$?
  fi
  if ((rc != 0)); then
    log "broker not ready after ${KAFKA_START_TIMEOUT}s; tail of $LOG_FILE:"
    tail -n 50 "$LOG_FILE" >&2
    pid_alive && kill -KILL "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
    exit 1
  fi
  log "started Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PID_FILE")) in $(elapsed "$t0") s"
}

cmd_stop() {
  if ! pid_alive; then
    rm -f "$PID_FILE"
    log "not running"
    return 0
  fi
  local pid t0=$EPOCHREALTIME
  pid="$(cat "$PID_FILE")"
  kill -TERM "$pid" 2>/dev/null || true # the shutdown hook does a clean shutdown
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "still alive after ${KAFKA_STOP_TIMEOUT}s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  log "stopped (pid $pid) in $(elapsed "$t0") s"
}

cmd_status() {
  if pid_alive && port_open "$KAFKA_PORT"; then
    log "running (pid $(cat "$PID_FILE"), 127.0.0.1:$KAFKA_PORT)"
    return 0
  fi
  log "not running"
  return 1
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  classpath) broker_cp ;;
  tools-classpath) tools_cp ;;
  *)
    echo "usage: $0 start|stop|status|classpath|tools-classpath" >&2
    exit 2
    ;;
esac
