#!/usr/bin/env bash
# Local Apache Kafka (KRaft, combined broker+controller) run straight from
# Maven Central jars with the machine's Java 17: no Docker, no tarball. One node
# by default; KAFKA_CLUSTER=N runs an N-node cluster for durability/chaos tests.
#
#   kafka.sh start | stop | status | pid | classpath | tools-classpath
#   KAFKA_CLUSTER=3 kafka.sh start | stop | status | pid <i> | start-node <i> | stop-node <i>
#
# Env knobs (defaults):
#   KAFKA_PORT             9092
#   KAFKA_CONTROLLER_PORT  KAFKA_PORT+1                (single node only)
#   KAFKA_ADVERTISED_PORT  KAFKA_PORT                  (single node only: port in advertised.listeners)
#   KAFKA_CLUSTER          1    (N >= 3: node i listens on KAFKA_PORT+2(i-1), its controller on the next port)
#   KAFKA_HOME_DIR         <repo>/.cache/kafka/<port>  (data/, kafka.pid, broker.log, server.properties;
#                                                       cluster: cluster.id and one node-<i>/ of these per node)
#   KAFKA_VERSION          4.3.1
#   KAFKA_TOOLS_VERSION    KAFKA_VERSION               (kafka-tools for perf baselines)
#   KAFKA_HEAP             -Xms256m -Xmx512m           (cluster: -Xms128m -Xmx384m per node)
#   KAFKA_START_TIMEOUT    90   (seconds to wait for the broker(s) to answer)
#   KAFKA_STOP_TIMEOUT     30   (seconds between SIGTERM and SIGKILL)
# Secure listener (single node only; off unless KAFKA_SASL_SSL_PORT is set):
#   KAFKA_SASL_SSL_PORT        (unset)  a second listener SASL_SSL://127.0.0.1:<port> (PLAIN, SCRAM-SHA-256/512)
#   KAFKA_SSL_KEYSTORE         (none)   the broker's PKCS12 keystore (its key and certificate)
#   KAFKA_SSL_TRUSTSTORE       (none)   PKCS12 truststore the clients' certificates are checked against
#   KAFKA_SSL_STORE_PASSWORD   (none)   password of both stores
#   KAFKA_SSL_CLIENT_AUTH      none     none | requested | required (client certificates)
#   KAFKA_SASL_USERS           (none)   name:password[,...]: PLAIN users and SCRAM credentials (added at format)
# See deploy/local/KAFKA.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CONF="$HERE/kafka"
CACHE="$REPO/.cache" # git-ignored

KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
KAFKA_TOOLS_VERSION="${KAFKA_TOOLS_VERSION:-$KAFKA_VERSION}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CLUSTER="${KAFKA_CLUSTER:-1}"
KAFKA_HOME_DIR="${KAFKA_HOME_DIR:-$CACHE/kafka/$KAFKA_PORT}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

# The instance that the functions below act on. Single-node mode sets it once
# here; cluster mode re-points it at one node at a time (use_node).
NODE_HOME="$KAFKA_HOME_DIR"
LISTEN_PORT="$KAFKA_PORT" # the real broker listener: readiness is checked here
DATA_DIR="$KAFKA_HOME_DIR/data"
PID_FILE="$KAFKA_HOME_DIR/kafka.pid"
LOG_FILE="$KAFKA_HOME_DIR/broker.log"
PROPS="$KAFKA_HOME_DIR/server.properties"
LOG_TAG="$KAFKA_PORT"

log() { echo "kafka.sh[$LOG_TAG]: $*" >&2; }
die() { log "$*"; exit 1; }

[[ "$KAFKA_CLUSTER" =~ ^[0-9]+$ ]] && ((KAFKA_CLUSTER == 1 || KAFKA_CLUSTER >= 3)) ||
  die "KAFKA_CLUSTER must be 1 (single node) or at least 3 (the cluster template uses replication factor 3)"
KAFKA_SASL_SSL_PORT="${KAFKA_SASL_SSL_PORT:-}"
SCRAM_ARGS=() # --add-scram options of the format, from KAFKA_SASL_USERS
if ((KAFKA_CLUSTER == 1)); then
  KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
  KAFKA_ADVERTISED_PORT="${KAFKA_ADVERTISED_PORT:-$KAFKA_PORT}"
  KAFKA_HEAP="${KAFKA_HEAP:--Xms256m -Xmx512m}"
else
  # Cluster ports are derived from KAFKA_PORT; a knob that would be silently
  # ignored is refused instead.
  [[ -z "${KAFKA_CONTROLLER_PORT:-}" ]] || die "KAFKA_CONTROLLER_PORT is single-node only (cluster: node i's controller is on KAFKA_PORT+2i-1)"
  [[ -z "${KAFKA_ADVERTISED_PORT:-}" ]] || die "KAFKA_ADVERTISED_PORT is single-node only"
  [[ -z "$KAFKA_SASL_SSL_PORT" ]] || die "KAFKA_SASL_SSL_PORT is single-node only"
  # Three JVMs next to the apps under test on a 2-core 24 GiB machine.
  KAFKA_HEAP="${KAFKA_HEAP:--Xms128m -Xmx384m}"
fi

# The secure listener's knobs, checked by start before anything runs (stop and
# status need none of them). Names and passwords are kept to [A-Za-z0-9._-]:
# they go unquoted into a JAAS line and into --add-scram's [name=...,password=...].
sasl_ssl_knobs() {
  local user
  [[ "$KAFKA_SASL_SSL_PORT" =~ ^[0-9]+$ ]] || die "KAFKA_SASL_SSL_PORT must be a port number"
  [[ -f "${KAFKA_SSL_KEYSTORE:-}" ]] || die "KAFKA_SASL_SSL_PORT needs KAFKA_SSL_KEYSTORE (a PKCS12 file)"
  [[ -z "${KAFKA_SSL_TRUSTSTORE:-}" || -f "$KAFKA_SSL_TRUSTSTORE" ]] || die "KAFKA_SSL_TRUSTSTORE is not a file"
  [[ -n "${KAFKA_SSL_STORE_PASSWORD:-}" ]] || die "KAFKA_SASL_SSL_PORT needs KAFKA_SSL_STORE_PASSWORD"
  KAFKA_SSL_CLIENT_AUTH="${KAFKA_SSL_CLIENT_AUTH:-none}"
  [[ "$KAFKA_SSL_CLIENT_AUTH" =~ ^(none|requested|required)$ ]] || die "KAFKA_SSL_CLIENT_AUTH must be none, requested or required"
  [[ "$KAFKA_SSL_CLIENT_AUTH" == none || -n "${KAFKA_SSL_TRUSTSTORE:-}" ]] || die "KAFKA_SSL_CLIENT_AUTH=$KAFKA_SSL_CLIENT_AUTH needs KAFKA_SSL_TRUSTSTORE"
  [[ "${KAFKA_SASL_USERS:-}" =~ ^[A-Za-z0-9._-]+:[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+:[A-Za-z0-9._-]+)*$ ]] ||
    die "KAFKA_SASL_SSL_PORT needs KAFKA_SASL_USERS=name:password[,name:password...] ([A-Za-z0-9._-] only)"
  IFS=, read -ra SASL_USERS <<<"$KAFKA_SASL_USERS"
  for user in "${SASL_USERS[@]}"; do
    SCRAM_ARGS+=(--add-scram "SCRAM-SHA-256=[name=${user%%:*},password=${user#*:}]" --add-scram "SCRAM-SHA-512=[name=${user%%:*},password=${user#*:}]")
  done
}

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
    -Dlog4j.configuration="file:$CONF/log4j.properties" -Dkafka.logs.dir="$NODE_HOME")
}

render_props() {
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" \
    -e "s#@KAFKA_ADVERTISED_PORT@#$KAFKA_ADVERTISED_PORT#g" \
    -e "s#@KAFKA_CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
    -e "s#@DATA_DIR@#$DATA_DIR#g" "$CONF/server.properties" >"$PROPS"
  [[ -z "$KAFKA_SASL_SSL_PORT" ]] || add_sasl_ssl_listener
}

# The SASL_SSL listener next to PLAINTEXT, which stays as it is: controller
# and inter-broker traffic, and local tools that need no login.
add_sasl_ssl_listener() {
  local address="SASL_SSL://127.0.0.1:$KAFKA_SASL_SSL_PORT" user plain=""
  for user in "${SASL_USERS[@]}"; do plain+=" user_${user%%:*}=\"${user#*:}\""; done
  sed -i -e "s#^listeners=.*#&,$address#" -e "s#^advertised.listeners=.*#&,$address#" \
    -e "s#^listener.security.protocol.map=.*#&,SASL_SSL:SASL_SSL#" "$PROPS"
  chmod 600 "$PROPS" # passwords below
  cat >>"$PROPS" <<EOF

# SASL_SSL listener (KAFKA_SASL_SSL_PORT): PLAIN users from the JAAS line, SCRAM
# credentials stored in the metadata log at format (StorageTool --add-scram).
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required$plain;
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PKCS12
ssl.keystore.location=$KAFKA_SSL_KEYSTORE
ssl.keystore.password=$KAFKA_SSL_STORE_PASSWORD
ssl.key.password=$KAFKA_SSL_STORE_PASSWORD
# Listener-prefixed: a SASL_SSL listener ignores the plain ssl.client.auth (KIP-684).
listener.name.sasl_ssl.ssl.client.auth=$KAFKA_SSL_CLIENT_AUTH
EOF
  if [[ -n "${KAFKA_SSL_TRUSTSTORE:-}" ]]; then
    printf 'ssl.truststore.type=PKCS12\nssl.truststore.location=%s\nssl.truststore.password=%s\n' "$KAFKA_SSL_TRUSTSTORE" "$KAFKA_SSL_STORE_PASSWORD" >>"$PROPS"
  fi
}

# Any random 16-byte id in URL-safe base64 is a valid cluster id; saves a JVM start.
new_cluster_id() {
  local cid
  cid="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  echo "A${cid:1}" # a leading "-" would read as an option
}

# Format KRaft storage unless already formatted. If formatting fails (corrupt
# dir from a crashed run), wipe the data dir and format from scratch.
# CID: the cluster's id (cluster nodes must share it); a new one if omitted.
format_storage() {
  local cp="$1" cid="${2:-}"
  [[ -f "$DATA_DIR/meta.properties" ]] && return 0
  [[ -n "$cid" ]] || cid="$(new_cluster_id)"
  if ! java "${JVM_OPTS[@]}" -cp "$cp" kafka.tools.StorageTool format \
    -t "$cid" -c "$PROPS" --ignore-formatted "${SCRAM_ARGS[@]}" >>"$LOG_FILE" 2>&1; then
    log "format failed; wiping $DATA_DIR and retrying"
    rm -rf "$DATA_DIR"
    java "${JVM_OPTS[@]}" -cp "$cp" kafka.tools.StorageTool format \
      -t "$cid" -c "$PROPS" "${SCRAM_ARGS[@]}" >>"$LOG_FILE" 2>&1 || { tail -n 30 "$LOG_FILE" >&2; die "format failed"; }
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
    if grep -q "Kafka Server started" "$LOG_FILE" && port_open "$LISTEN_PORT"; then
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
  if [[ -n "$KAFKA_SASL_SSL_PORT" ]]; then
    sasl_ssl_knobs
    if port_open "$KAFKA_SASL_SSL_PORT"; then die "port $KAFKA_SASL_SSL_PORT is taken by another process"; fi
  fi
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
  log "started Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT${KAFKA_SASL_SSL_PORT:+ (SASL_SSL on 127.0.0.1:$KAFKA_SASL_SSL_PORT)} (pid $(cat "$PID_FILE")) in $(elapsed "$t0") s"
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

# ---- Cluster mode (KAFKA_CLUSTER=N) ------------------------------------------
# N combined broker+controller nodes, ids 1..N, one JVM each from the same
# classpath. Node i: broker on KAFKA_PORT+2(i-1), controller on the port after
# it, everything under KAFKA_HOME_DIR/node-<i>/ (same layout as a single node).

node_ids() { seq "$KAFKA_CLUSTER"; }
node_port() { echo $((KAFKA_PORT + 2 * ($1 - 1))); }

# Point the instance variables (see the top) at node $1.
use_node() {
  NODE_ID="$1"
  NODE_HOME="$KAFKA_HOME_DIR/node-$1"
  LISTEN_PORT="$(node_port "$1")"
  NODE_CONTROLLER_PORT=$((LISTEN_PORT + 1))
  DATA_DIR="$NODE_HOME/data"
  PID_FILE="$NODE_HOME/kafka.pid"
  LOG_FILE="$NODE_HOME/broker.log"
  PROPS="$NODE_HOME/server.properties"
  LOG_TAG="$KAFKA_PORT node-$1"
}
use_cluster() { LOG_TAG="$KAFKA_PORT cluster"; }

# "1@127.0.0.1:p1,2@127.0.0.1:p2,...": every node is a voter.
voters() {
  local i v=()
  for i in $(node_ids); do v+=("$i@127.0.0.1:$(($(node_port "$i") + 1))"); done
  (IFS=,; echo "${v[*]}")
}

bootstrap_servers() {
  local i v=()
  for i in $(node_ids); do v+=("127.0.0.1:$(node_port "$i")"); done
  (IFS=,; echo "${v[*]}")
}

render_node_props() {
  sed -e "s#@NODE_ID@#$NODE_ID#g" \
    -e "s#@KAFKA_PORT@#$LISTEN_PORT#g" \
    -e "s#@KAFKA_CONTROLLER_PORT@#$NODE_CONTROLLER_PORT#g" \
    -e "s#@VOTERS@#$(voters)#g" \
    -e "s#@DATA_DIR@#$DATA_DIR#g" "$CONF/cluster-node.properties" >"$PROPS"
}

# The id every node is formatted with (a node with another id never joins the
# quorum). Kept in KAFKA_HOME_DIR/cluster.id; if that file is gone, taken back
# from a formatted node; else a new one.
cluster_id() {
  local f="$KAFKA_HOME_DIR/cluster.id" cid
  if [[ -s "$f" ]]; then
    cat "$f"
    return 0
  fi
  cid="$(sed -n 's/^cluster\.id=//p' "$KAFKA_HOME_DIR"/node-*/data/meta.properties 2>/dev/null | head -n 1 || true)"
  [[ -n "$cid" ]] || cid="$(new_cluster_id)"
  mkdir -p "$KAFKA_HOME_DIR"
  echo "$cid" >"$f"
  echo "$cid"
}

node_running() { pid_alive && port_open "$LISTEN_PORT"; }

# Prepare and launch nodes $2...: fresh logs, properties, storage formatted
# (unless it already is, e.g. after a kill -9) in parallel, as each format is a
# JVM start of its own; then launch them all.
start_nodes() {
  local cp="$1" cid i k pids=()
  shift
  cid="$(cluster_id)"
  for i in "$@"; do
    use_node "$i"
    mkdir -p "$NODE_HOME"
    # Fresh log (readiness is read from it); keep the previous one for post-mortems.
    [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
    render_node_props
    (jvm_opts; format_storage "$cp" "$cid") &
    pids+=($!)
  done
  k=0
  for i in "$@"; do
    use_node "$i"
    wait "${pids[k]}" || die "format failed; see $LOG_FILE"
    k=$((k + 1))
  done
  for i in "$@"; do
    use_node "$i"
    jvm_opts
    launch "$cp"
  done
}

# Poll nodes $@ until every one is ready (as wait_ready: the log line, then the
# broker port). All are polled in each round: a combined node only gets ready
# once a quorum of its peers is up. Returns 1 on timeout (NOT_READY lists the
# nodes still waiting), 2 as soon as a JVM exited (its id in EXITED_NODE).
wait_nodes() {
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) pending=("$@") left i
  NOT_READY=()
  while ((SECONDS < deadline)); do
    left=()
    for i in "${pending[@]}"; do
      use_node "$i"
      kill -0 "$(cat "$PID_FILE" 2>/dev/null)" 2>/dev/null || { EXITED_NODE="$i"; NOT_READY=("${pending[@]}"); return 2; }
      grep -qs "Kafka Server started" "$LOG_FILE" && port_open "$LISTEN_PORT" || left+=("$i")
    done
    ((${#left[@]})) || return 0
    pending=("${left[@]}")
    sleep 0.2
  done
  NOT_READY=("${pending[@]}")
  return 1
}

# SIGKILL nodes $@ (half-started ones, whose state is thrown away) and wait until gone.
kill_nodes() {
  local i pid
  for i in "$@"; do
    use_node "$i"
    if pid_alive; then
      pid="$(cat "$PID_FILE")"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    rm -f "$PID_FILE"
  done
}

# After a failed start: show why, and kill the nodes that are not ready.
fail_nodes() {
  local i
  for i in "${NOT_READY[@]}"; do
    use_node "$i"
    log "not ready; tail of $LOG_FILE:"
    tail -n 30 "$LOG_FILE" >&2 || true
  done
  kill_nodes "${NOT_READY[@]}"
  use_cluster
  die "start failed after at most ${KAFKA_START_TIMEOUT}s; killed node(s) ${NOT_READY[*]}"
}

cluster_start() {
  local t0=$EPOCHREALTIME cp i rc=0 todo=() waiting=()
  for i in $(node_ids); do
    use_node "$i"
    node_running && continue
    if pid_alive; then
      # Alive but not answering: typically a node waiting for a quorum of peers,
      # which this start brings up; restarting it would not help.
      waiting+=("$i")
      continue
    fi
    port_open "$LISTEN_PORT" && die "port $LISTEN_PORT is taken by another process"
    port_open "$NODE_CONTROLLER_PORT" && die "port $NODE_CONTROLLER_PORT is taken by another process"
    todo+=("$i")
  done
  use_cluster
  if ((${#todo[@]} + ${#waiting[@]} == 0)); then
    log "already running ($KAFKA_CLUSTER nodes, $(bootstrap_servers))"
    return 0
  fi
  cp="$(broker_cp)"
  start_nodes "$cp" "${todo[@]}"
  wait_nodes "${todo[@]}" "${waiting[@]}" || rc=$?
  if ((rc == 2 && ${#todo[@]} == KAFKA_CLUSTER)); then
    # A cold start and a JVM died during startup, e.g. on a data dir left
    # corrupt by a crash: this is a throwaway dev cluster, so start over on
    # empty storage once, every node (they must share the new cluster id).
    use_node "$EXITED_NODE"
    log "exited during startup; tail of $LOG_FILE:"
    tail -n 20 "$LOG_FILE" >&2 || true
    use_cluster
    log "wiping the data of every node and retrying once"
    kill_nodes "${todo[@]}"
    for i in "${todo[@]}"; do rm -rf "$KAFKA_HOME_DIR/node-$i/data"; done
    rm -f "$KAFKA_HOME_DIR/cluster.id"
    start_nodes "$cp" "${todo[@]}"
    rc=0
    wait_nodes "${todo[@]}" || rc=$?
  fi
  ((rc == 0)) || fail_nodes
  use_cluster
  log "started node(s) ${todo[*]}; Kafka $KAFKA_VERSION, $KAFKA_CLUSTER nodes on $(bootstrap_servers) in $(elapsed "$t0") s"
}

# start-node: one node, e.g. after a chaos test killed it. Unlike a cold
# cluster start it never wipes data: that data is what a durability test checks.
node_start() {
  local t0=$EPOCHREALTIME cp rc=0
  use_node "$1"
  if node_running; then
    log "already running (pid $(cat "$PID_FILE"), 127.0.0.1:$LISTEN_PORT)"
    return 0
  fi
  if ! pid_alive; then # else: launched earlier and waiting for its peers; wait for it
    port_open "$LISTEN_PORT" && die "port $LISTEN_PORT is taken by another process"
    port_open "$NODE_CONTROLLER_PORT" && die "port $NODE_CONTROLLER_PORT is taken by another process"
    cp="$(broker_cp)"
    start_nodes "$cp" "$1"
  fi
  wait_nodes "$1" || rc=$?
  ((rc == 0)) || fail_nodes
  use_node "$1"
  log "started on 127.0.0.1:$LISTEN_PORT (pid $(cat "$PID_FILE")) in $(elapsed "$t0") s"
}

# SIGTERM nodes $@ all at once, SIGKILL whatever is left after the timeout.
# All at once, not one by one: a broker's controlled shutdown needs a controller
# quorum, which the last nodes of a one-by-one stop no longer have.
stop_nodes() {
  local t0=$EPOCHREALTIME i pid pids=() ids=() alive deadline
  for i in "$@"; do
    use_node "$i"
    if pid_alive; then
      pids+=("$(cat "$PID_FILE")")
      ids+=("$i")
    else
      rm -f "$PID_FILE"
    fi
  done
  if (($# == 1)); then use_node "$1"; else use_cluster; fi
  if ((${#pids[@]} == 0)); then
    log "not running"
    return 0
  fi
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true # the shutdown hook does a clean shutdown
    kill -CONT "$pid" 2>/dev/null || true # a node left SIGSTOPped by a chaos test handles it too
  done
  deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while ((SECONDS < deadline)); do
    alive=0
    for pid in "${pids[@]}"; do if kill -0 "$pid" 2>/dev/null; then alive=1; fi; done
    ((alive)) || break
    sleep 0.2
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid still alive after ${KAFKA_STOP_TIMEOUT}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  done
  for i in "${ids[@]}"; do rm -f "$KAFKA_HOME_DIR/node-$i/kafka.pid"; done
  log "stopped node(s) ${ids[*]} (pids ${pids[*]}) in $(elapsed "$t0") s"
}

cluster_status() {
  local i up=0 pid
  for i in $(node_ids); do
    use_node "$i"
    if pid_alive; then
      pid="$(cat "$PID_FILE")"
      if [[ "$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null)" == T ]]; then
        # The kernel still accepts connections for a stopped JVM: say so.
        log "stopped by a signal (pid $pid, 127.0.0.1:$LISTEN_PORT)"
      elif port_open "$LISTEN_PORT"; then
        log "running (pid $pid, 127.0.0.1:$LISTEN_PORT)"
        up=$((up + 1))
      else
        log "alive but not answering (pid $pid, 127.0.0.1:$LISTEN_PORT)"
      fi
    else
      log "not running (127.0.0.1:$LISTEN_PORT)"
    fi
  done
  use_cluster
  log "$up of $KAFKA_CLUSTER nodes running"
  ((up == KAFKA_CLUSTER))
}

# pid [i]: the JVM's pid on stdout (for kill -9 / SIGSTOP in chaos tests).
cmd_pid() {
  pid_alive || die "not running"
  cat "$PID_FILE"
}

# Node argument of pid/start-node/stop-node: 1..KAFKA_CLUSTER.
node_arg() {
  [[ "${2:-}" =~ ^[0-9]+$ ]] && (($2 >= 1 && $2 <= KAFKA_CLUSTER)) ||
    die "usage: KAFKA_CLUSTER=$KAFKA_CLUSTER $0 $1 <node id 1..$KAFKA_CLUSTER>"
}

if ((KAFKA_CLUSTER == 1)); then
  case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    pid) cmd_pid ;;
    classpath) broker_cp ;;
    tools-classpath) tools_cp ;;
    start-node | stop-node) die "$1 needs cluster mode (KAFKA_CLUSTER=3)" ;;
    *)
      echo "usage: $0 start|stop|status|pid|classpath|tools-classpath" >&2
      exit 2
      ;;
  esac
else
  case "${1:-}" in
    start) cluster_start ;;
    stop) mapfile -t ids < <(node_ids) && stop_nodes "${ids[@]}" ;;
    status) cluster_status ;;
    pid) node_arg "$@" && use_node "$2" && cmd_pid ;;
    start-node) node_arg "$@" && node_start "$2" ;;
    stop-node) node_arg "$@" && stop_nodes "$2" ;;
    classpath) broker_cp ;;
    tools-classpath) tools_cp ;;
    *)
      echo "usage: KAFKA_CLUSTER=$KAFKA_CLUSTER $0 start|stop|status|pid <i>|start-node <i>|stop-node <i>|classpath|tools-classpath" >&2
      exit 2
      ;;
  esac
fi
