#!/usr/bin/env bash
# Local newswire stack without Docker: a real Apache Kafka broker (KRaft, single node) and a real
# S3 server (S3Proxy, filesystem backend, signatures checked), both from Maven Central jars.
#
#   bash infra/stack.sh start    resolve jars (first time only), format storage (first time
#                                only), start both, wait until ready; reuses a running stack
#   bash infra/stack.sh stop     stop both and wait until no process is left
#   bash infra/stack.sh status   say what runs where (exit 0 only when both are up)
#   bash infra/stack.sh logs [kafka|s3proxy] [-f]
#   bash infra/stack.sh env      print the client settings as `export` lines
#
# Configuration (environment): STACK_DIR (default <repo>/.stack), STACK_HOST (127.0.0.1),
# KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), S3_PORT (9000),
# STACK_S3_IDENTITY (newswire), STACK_S3_CREDENTIAL (newswire-local-secret),
# KAFKA_VERSION (4.4.0), S3PROXY_VERSION (4.1.0), KAFKA_JAVA_HOME / S3PROXY_JAVA_HOME (a JDK
# 17+; default: JAVA_HOME, then `java` on PATH, then the newest JDK under /usr/lib/jvm),
# STACK_MVN (Maven to use; default mvn on PATH, else ./mvnw), KAFKA_HEAP_OPTS
# (-Xms256m -Xmx1g), S3PROXY_HEAP_OPTS (-Xmx512m), STACK_START_TIMEOUT (240 s per component),
# STACK_REUSE_FOREIGN (1: a working Kafka/S3 already on the port that this STACK_DIR did not
# start is reused; 0: fail instead).
set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$INFRA_DIR/.." && pwd)"

STACK_DIR="${STACK_DIR:-$ROOT_DIR/.stack}"
STACK_HOST="${STACK_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
S3_PORT="${S3_PORT:-9000}"
STACK_S3_IDENTITY="${STACK_S3_IDENTITY:-newswire}"
STACK_S3_CREDENTIAL="${STACK_S3_CREDENTIAL:-newswire-local-secret}"
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
S3PROXY_VERSION="${S3PROXY_VERSION:-4.1.0}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
S3PROXY_HEAP_OPTS="${S3PROXY_HEAP_OPTS:--Xmx512m}"
STACK_START_TIMEOUT="${STACK_START_TIMEOUT:-240}"
STACK_REUSE_FOREIGN="${STACK_REUSE_FOREIGN:-1}"

RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"
LIB_DIR="$STACK_DIR/lib"
KAFKA_DIR="$STACK_DIR/kafka"
S3_DIR="$STACK_DIR/s3proxy"
KAFKA_PID="$RUN_DIR/kafka.pid"
S3_PID="$RUN_DIR/s3proxy.pid"

log() { printf '[stack] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}
now_ms() { date +%s%3N; }

# --- Java and Maven -------------------------------------------------------------------------

java_major() { # $1 = java binary; prints the feature version (17, 21, 25...)
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//' | cut -d. -f1
}

# find_java <override-home>: a java binary of version >= 17.
find_java() {
  local candidates=() c
  [[ -n "${1:-}" ]] && candidates+=("$1/bin/java")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  # shellcheck disable=SC2012
  for c in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [[ -x "$c" ]] && [[ "$(java_major "$c")" -ge 17 ]] 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  die "no Java 17+ found (set KAFKA_JAVA_HOME / S3PROXY_JAVA_HOME or JAVA_HOME)"
}

find_mvn() { # STACK_MVN, else Maven on PATH, else the repo's wrapper (downloads Maven once)
  if [[ -n "${STACK_MVN:-}" ]]; then
    echo "$STACK_MVN"
  elif command -v mvn >/dev/null 2>&1; then
    command -v mvn
  elif [[ -x "$ROOT_DIR/mvnw" ]]; then
    echo "$ROOT_DIR/mvnw"
  else
    die "Maven not found: install it (Debian: apt-get install -y maven) or use the repo's ./mvnw"
  fi
}

# resolve_classpath <name> <pom dir> <version property> <version>: prints a classpath file.
# Maven resolves once into ~/.m2 and writes the classpath into $LIB_DIR; later starts reuse the
# file (keyed by the pom's hash and the version) without running Maven at all.
resolve_classpath() {
  local name="$1" pom_dir="$2" prop="$3" version="$4"
  local key cp_file
  key="$(cat "$pom_dir/pom.xml" | sha256sum | cut -c1-12)"
  cp_file="$LIB_DIR/$name-$version-$key.classpath"
  if [[ -s "$cp_file" ]] && classpath_complete "$cp_file"; then
    echo "$cp_file"
    return 0
  fi
  mkdir -p "$LIB_DIR"
  local mvn t0
  mvn="$(find_mvn)"
  t0="$(now_ms)"
  log "resolving $name $version with Maven (first start only; log: $LOG_DIR/maven-$name.log)"
  local args=(-B -q -f "$pom_dir/pom.xml" "-D$prop=$version" dependency:build-classpath
    -DincludeScope=runtime "-Dmdep.outputFile=$cp_file.tmp")
  # Offline first: when ~/.m2 already holds everything (another clone resolved it) Maven need not
  # ask the network at all; otherwise resolve online.
  if ! "$mvn" -o "${args[@]}" >"$LOG_DIR/maven-$name.log" 2>&1 &&
    ! "$mvn" "${args[@]}" >>"$LOG_DIR/maven-$name.log" 2>&1; then
    tail -n 30 "$LOG_DIR/maven-$name.log" >&2
    die "Maven could not resolve $name $version"
  fi
  mv "$cp_file.tmp" "$cp_file"
  log "resolved $name $version in $(($(now_ms) - t0)) ms"
  echo "$cp_file"
}

classpath_complete() { # every jar named in the classpath file still exists
  local jar
  while IFS= read -r -d ':' jar; do
    [[ -f "$jar" ]] || return 1
  done < <(tr -d '\n' <"$1"; printf ':')
  return 0
}

# --- processes and ports --------------------------------------------------------------------

pid_alive() { # $1 = pid file
  [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

port_open() { # $1 = port
  (exec 3<>"/dev/tcp/$STACK_HOST/$1") 2>/dev/null
}

kafka_ready() { # port open first (cheap), then the real round trip (a JVM start)
  port_open "$KAFKA_PORT" && kafka_ready_now "$@"
}

kafka_ready_now() { # a real metadata + ApiVersions round trip through Kafka's own admin tool
  local java="$1" cp="$2"
  timeout 30 "$java" -Xmx128m "-Dlog4j2.configurationFile=$INFRA_DIR/kafka/log4j2.properties" \
    "-Dkafka.logs.dir=$LOG_DIR/probe" -cp "$cp" org.apache.kafka.tools.BrokerApiVersionsCommand \
    --bootstrap-server "$STACK_HOST:$KAFKA_PORT" 2>/dev/null | grep -q 'ApiVersions'
}

s3_ready() { # any S3 answer: an unsigned request gets 403 AccessDenied from S3Proxy
  local code
  code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "http://$STACK_HOST:$S3_PORT/" 2>/dev/null || true)"
  [[ "$code" == "403" || "$code" == "200" ]]
}

# wait_ready <label> <pid file> <timeout s> <check command...>
wait_ready() {
  local label="$1" pid_file="$2" limit="$3"
  shift 3
  local deadline=$((SECONDS + limit))
  while ((SECONDS < deadline)); do
    if [[ -n "$pid_file" ]] && ! pid_alive "$pid_file"; then
      log "$label exited during start-up; last log lines:"
      tail -n 40 "$LOG_DIR/$label.log" "$LOG_DIR/$label.out" 2>/dev/null >&2 || true
      return 1
    fi
    if "$@"; then return 0; fi
    sleep 0.5
  done
  log "$label not ready after ${limit}s; last log lines:"
  tail -n 40 "$LOG_DIR/$label.log" "$LOG_DIR/$label.out" 2>/dev/null >&2 || true
  return 1
}

render() { # render <template> <out> KEY=VALUE... ; replaces @KEY@
  local tpl="$1" out="$2" content kv
  shift 2
  content="$(cat "$tpl")"
  for kv in "$@"; do content="${content//@${kv%%=*}@/${kv#*=}}"; done
  printf '%s\n' "$content" >"$out"
}

# --- Kafka ----------------------------------------------------------------------------------

start_kafka() {
  local java cp_file cp
  java="$(find_java "${KAFKA_JAVA_HOME:-}")"
  cp_file="$(resolve_classpath kafka "$INFRA_DIR/kafka" kafka.version "$KAFKA_VERSION")"
  cp="$(cat "$cp_file")"

  if pid_alive "$KAFKA_PID"; then
    log "kafka already running (pid $(cat "$KAFKA_PID")) on $STACK_HOST:$KAFKA_PORT: reusing it"
    KAFKA_WAIT=("$java" "$cp")
    return
  fi
  rm -f "$KAFKA_PID"
  if port_open "$KAFKA_PORT" || port_open "$KAFKA_CONTROLLER_PORT"; then
    if [[ "$STACK_REUSE_FOREIGN" == "1" ]] && kafka_ready_now "$java" "$cp"; then
      log "a Kafka broker this STACK_DIR did not start answers on $STACK_HOST:$KAFKA_PORT:" \
        "reusing it (stop will not stop it)"
      return
    fi
    die "port $KAFKA_PORT or $KAFKA_CONTROLLER_PORT is taken by something else" \
      "(set KAFKA_PORT / KAFKA_CONTROLLER_PORT, or stop it)"
  fi

  mkdir -p "$KAFKA_DIR/data" "$LOG_DIR/probe" "$RUN_DIR"
  render "$INFRA_DIR/kafka/server.properties.template" "$KAFKA_DIR/server.properties" \
    "HOST=$STACK_HOST" "KAFKA_PORT=$KAFKA_PORT" "CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT" \
    "DATA_DIR=$KAFKA_DIR/data"
  local jvm_log=("-Dlog4j2.configurationFile=$INFRA_DIR/kafka/log4j2.properties"
    "-Dkafka.logs.dir=$LOG_DIR")

  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    local cluster_id
    cluster_id="$("$java" -cp "$cp" "${jvm_log[@]}" kafka.tools.StorageTool random-uuid | tail -n 1)"
    log "formatting KRaft storage (cluster id $cluster_id)"
    "$java" -cp "$cp" "${jvm_log[@]}" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$KAFKA_DIR/server.properties" >>"$LOG_DIR/kafka.out" 2>&1 ||
      die "kafka storage format failed; see $LOG_DIR/kafka.out"
  fi

  log "starting kafka $KAFKA_VERSION on $STACK_HOST:$KAFKA_PORT (java $(java_major "$java"))"
  # shellcheck disable=SC2086
  setsid nohup "$java" $KAFKA_HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true "${jvm_log[@]}" \
    -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >>"$LOG_DIR/kafka.out" 2>&1 </dev/null &
  echo $! >"$KAFKA_PID"
  KAFKA_WAIT=("$java" "$cp")
}

# --- S3Proxy --------------------------------------------------------------------------------

start_s3proxy() {
  local java cp_file cp
  java="$(find_java "${S3PROXY_JAVA_HOME:-}")"
  cp_file="$(resolve_classpath s3proxy "$INFRA_DIR/s3proxy" s3proxy.version "$S3PROXY_VERSION")"
  cp="$(cat "$cp_file")"

  if pid_alive "$S3_PID"; then
    log "s3proxy already running (pid $(cat "$S3_PID")) on $STACK_HOST:$S3_PORT: reusing it"
    S3_WAIT=1
    return
  fi
  rm -f "$S3_PID"
  if port_open "$S3_PORT"; then
    if [[ "$STACK_REUSE_FOREIGN" == "1" ]] && s3_ready; then
      log "an S3 server this STACK_DIR did not start answers on $STACK_HOST:$S3_PORT:" \
        "reusing it (stop will not stop it)"
      return
    fi
    die "port $S3_PORT is taken by something else (set S3_PORT, or stop it)"
  fi

  mkdir -p "$S3_DIR/data" "$RUN_DIR"
  render "$INFRA_DIR/s3proxy/s3proxy.conf.template" "$S3_DIR/s3proxy.conf" \
    "HOST=$STACK_HOST" "S3_PORT=$S3_PORT" "DATA_DIR=$S3_DIR/data" \
    "IDENTITY=$STACK_S3_IDENTITY" "CREDENTIAL=$STACK_S3_CREDENTIAL"
  chmod 600 "$S3_DIR/s3proxy.conf"

  log "starting s3proxy $S3PROXY_VERSION on $STACK_HOST:$S3_PORT (java $(java_major "$java"))"
  # shellcheck disable=SC2086
  setsid nohup "$java" $S3PROXY_HEAP_OPTS -Djava.awt.headless=true \
    "-Dlogback.configurationFile=$INFRA_DIR/s3proxy/logback.xml" \
    -cp "$cp" org.gaul.s3proxy.Main --properties "$S3_DIR/s3proxy.conf" \
    >>"$LOG_DIR/s3proxy.log" 2>&1 </dev/null &
  echo $! >"$S3_PID"
  S3_WAIT=1
}

# --- stop -----------------------------------------------------------------------------------

# Our processes carry a config path under $STACK_DIR on their command line: find them by it
# even when a pid file was lost, and only them.
own_pids() { # $1 = config file path
  pgrep -f -- "$1" 2>/dev/null || true
}

stop_one() { # stop_one <label> <pid file> <config path>
  local label="$1" pid_file="$2" conf="$3" pids=() p
  [[ -s "$pid_file" ]] && pids+=("$(cat "$pid_file")")
  for p in $(own_pids "$conf"); do pids+=("$p"); done
  local alive=()
  for p in "${pids[@]+"${pids[@]}"}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
  if ((${#alive[@]} == 0)); then
    log "$label not running"
    rm -f "$pid_file"
    return 0
  fi
  mapfile -t alive < <(printf '%s\n' "${alive[@]}" | sort -u)
  log "stopping $label (pid ${alive[*]})"
  kill -TERM "${alive[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    local left=0
    for p in "${alive[@]}"; do kill -0 "$p" 2>/dev/null && left=1; done
    ((left == 0)) && break
    sleep 0.2
  done
  for p in "${alive[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      log "$label pid $p ignored SIGTERM for 30s: SIGKILL"
      kill -KILL "$p" 2>/dev/null || true
    fi
  done
  rm -f "$pid_file"
  if [[ -n "$(own_pids "$conf")" ]]; then die "$label still running: $(own_pids "$conf")"; fi
  log "$label stopped"
}

# --- commands -------------------------------------------------------------------------------

cmd_start() {
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  local t0
  t0="$(now_ms)"
  KAFKA_WAIT=()
  S3_WAIT=0
  # Launch both, then wait for both: the JVMs start in parallel.
  start_kafka
  start_s3proxy
  if ((S3_WAIT)); then
    wait_ready s3proxy "$S3_PID" "$STACK_START_TIMEOUT" s3_ready || die "s3proxy did not start"
  fi
  if ((${#KAFKA_WAIT[@]})); then
    wait_ready kafka "$KAFKA_PID" "$STACK_START_TIMEOUT" kafka_ready "${KAFKA_WAIT[@]}" ||
      die "kafka did not start"
  fi
  log "stack ready in $(($(now_ms) - t0)) ms: kafka $STACK_HOST:$KAFKA_PORT," \
    "s3 http://$STACK_HOST:$S3_PORT (data $STACK_DIR)"
}

cmd_stop() {
  stop_one s3proxy "$S3_PID" "$S3_DIR/s3proxy.conf"
  stop_one kafka "$KAFKA_PID" "$KAFKA_DIR/server.properties"
}

cmd_status() {
  local rc=0
  if pid_alive "$KAFKA_PID"; then
    echo "kafka    running  pid $(cat "$KAFKA_PID")  $STACK_HOST:$KAFKA_PORT"
  elif port_open "$KAFKA_PORT"; then
    echo "kafka    port $KAFKA_PORT open, not started from $STACK_DIR"
  else
    echo "kafka    stopped"
    rc=3
  fi
  if pid_alive "$S3_PID"; then
    echo "s3proxy  running  pid $(cat "$S3_PID")  http://$STACK_HOST:$S3_PORT"
  elif port_open "$S3_PORT"; then
    echo "s3proxy  port $S3_PORT open, not started from $STACK_DIR"
  else
    echo "s3proxy  stopped"
    rc=3
  fi
  return "$rc"
}

cmd_logs() {
  local which="${1:-all}" follow=()
  [[ "${2:-}" == "-f" || "${1:-}" == "-f" ]] && follow=(-f)
  [[ "$which" == "-f" ]] && which=all
  case "$which" in
  kafka) tail -n 100 "${follow[@]}" "$LOG_DIR/kafka.log" ;;
  s3proxy | s3) tail -n 100 "${follow[@]}" "$LOG_DIR/s3proxy.log" ;;
  all) tail -n 50 "${follow[@]}" "$LOG_DIR/kafka.log" "$LOG_DIR/kafka.out" "$LOG_DIR/s3proxy.log" ;;
  *) die "logs: kafka | s3proxy | all" ;;
  esac
}

cmd_env() {
  cat <<EOF
export KAFKA_BROKERS=$STACK_HOST:$KAFKA_PORT
export S3_ENDPOINT=http://$STACK_HOST:$S3_PORT
export S3_REGION=\${S3_REGION:-us-east-1}
export S3_FORCE_PATH_STYLE=true
export AWS_ACCESS_KEY_ID=$STACK_S3_IDENTITY
export AWS_SECRET_ACCESS_KEY=$STACK_S3_CREDENTIAL
EOF
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
logs) cmd_logs "${2:-}" "${3:-}" ;;
env) cmd_env ;;
restart)
  cmd_stop
  cmd_start
  ;;
*)
  echo "usage: $0 start|stop|status|logs [kafka|s3proxy] [-f]|env|restart" >&2
  exit 2
  ;;
esac
