#!/usr/bin/env bash
# Starts and stops N Autograd cluster members on this machine (127.0.0.1), each under a
# supervisor that restarts it when it exits on its own.
#
#   deploy/local-cluster.sh start N [base-port]   start N members on base-port, base-port+1, ...
#                                                 (default 4053); the first three (or all, if fewer)
#                                                 are the seeds. Returns once all N are up, or fails
#                                                 after the deadline.
#   deploy/local-cluster.sh status                one line per member: pid, port, alive or not, restarts
#   deploy/local-cluster.sh stop                  SIGTERM (graceful leave), then SIGKILL after
#                                                 a deadline; nothing is restarted
#   deploy/local-cluster.sh client-env            prints the AUTOGRAD__TLS__* exports a client
#                                                 (train --connect) needs: eval "$(... client-env)"
#
# Mutual TLS is on: the first start writes a development CA and certificates into
# $AUTOGRAD_RUN_DIR/certs (Autograd.Host dev-certs) and every later start uses them.
# AUTOGRAD__TLS__ENABLED=false runs the members on plain TCP instead (they log a warning).
#
# Restarts (AUTOGRAD_RESTART=on-failure, the default): a member that exits with an error is started
# again with the same arguments after a second: crashed or killed, or downed by the others (after a
# freeze or a partition a member learns it was downed and exits with code 3). It rejoins the running
# cluster through the seeds: a restarted first seed asks the other seeds before it would form a
# cluster of its own (Akka's first-seed rule), so it joins them. Not restarted: exit code 0 (it left
# on SIGTERM), code 2 (bad arguments), or a member that keeps failing within 10 s of starting (5 times
# in a row). AUTOGRAD_RESTART=no never restarts. Each restart is noted in the member's log.
#
# Environment:
#   AUTOGRAD_RUN_DIR        where pids, logs and certs go (default: <repo>/.run/local-cluster)
#   AUTOGRAD_HOST_DLL       the built member executable (default: Release build of
#                           src/Autograd.Host; built with `dotnet build` when missing)
#   AUTOGRAD_START_TIMEOUT  seconds to wait for the cluster to be up (default 60)
#   AUTOGRAD_STOP_TIMEOUT   seconds to wait for a graceful leave before SIGKILL (default 15)
#   AUTOGRAD_RESTART        on-failure (default) or no
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR=${AUTOGRAD_RUN_DIR:-$ROOT/.run/local-cluster}
HOST_DLL=${AUTOGRAD_HOST_DLL:-$ROOT/src/Autograd.Host/bin/Release/net10.0/Autograd.Host.dll}
START_TIMEOUT=${AUTOGRAD_START_TIMEOUT:-60}
STOP_TIMEOUT=${AUTOGRAD_STOP_TIMEOUT:-15}
CERTS=$RUN_DIR/certs
TLS=${AUTOGRAD__TLS__ENABLED:-true}
RESTART=${AUTOGRAD_RESTART:-on-failure}
STOPPING=$RUN_DIR/stopping

usage() {
  echo "usage: $0 start N [base-port] | status | stop | client-env" >&2
  exit 2
}

tls_on() { [[ ${TLS,,} != false ]]; }

# Development certificates for members 0..count-1 and a client, made once; a set that lacks
# one of them (a larger cluster than before) is made again, CA included.
ensure_certs() {
  local count=$1 i
  for ((i = 0; i < count; i++)); do
    if [[ ! -f $CERTS/member-$i.pfx || ! -f $CERTS/ca.pem || ! -f $CERTS/client.pfx ]]; then
      dotnet "$HOST_DLL" dev-certs --out "$CERTS" --members "$count" --force
      return
    fi
  done
}

alive() { kill -0 "$1" 2>/dev/null; }

pids() {
  local f
  for f in "$RUN_DIR"/"${1:-member}"-*.pid; do
    [[ -e $f ]] && cat "$f"
  done
}

# Runs member $1 (the rest: its command) until it exits on purpose or the cluster is stopped, starting
# it again after a failure. Its pid is in member-$1.pid, this loop's in supervisor-$1.pid.
supervise() {
  local i=$1 log=$RUN_DIR/member-$1.log pid code started quick=0 restarts=0
  shift
  while [[ ! -e $STOPPING ]]; do
    started=$SECONDS
    "$@" </dev/null >>"$log" 2>&1 &
    pid=$!
    echo "$pid" >"$RUN_DIR/member-$i.pid"
    code=0
    wait "$pid" || code=$?
    [[ -e $STOPPING || $RESTART == no || $code == 0 || $code == 2 ]] && break
    if ((SECONDS - started < 10)); then quick=$((quick + 1)); else quick=0; fi
    if ((quick >= 5)); then
      echo "$(date +%T.%3N) local-cluster.sh: member $i failed $quick times within 10 s of starting; not restarting it" >>"$log"
      break
    fi
    restarts=$((restarts + 1))
    echo "$restarts" >"$RUN_DIR/member-$i.restarts"
    echo "$(date +%T.%3N) local-cluster.sh: member $i (pid $pid) exited with code $code; restarting it (restart $restarts)" >>"$log"
    sleep 1
  done
}

start() {
  local count=$1 base=${2:-4053}
  [[ $count =~ ^[1-9][0-9]*$ ]] || usage
  if [[ -n $(pids) || -n $(pids supervisor) ]]; then
    echo "members already started from $RUN_DIR; run '$0 stop' first" >&2
    exit 1
  fi
  if [[ ! -f $HOST_DLL ]]; then
    echo "building src/Autograd.Host (no $HOST_DLL)"
    dotnet build "$ROOT/src/Autograd.Host" -c Release -v quiet -nologo >&2
  fi
  mkdir -p "$RUN_DIR"
  rm -f "$RUN_DIR"/member-*.log "$RUN_DIR"/member-*.restarts "$STOPPING"
  local password="" i port tls_args=() seeds=()
  if tls_on; then
    ensure_certs "$count"
    password=$(cat "$CERTS/password")
  fi
  # Two seeds at least (when there are two members): a restarted seed finds the cluster through the other.
  for ((i = 0; i < count && i < 3; i++)); do seeds+=(--seed "127.0.0.1:$((base + i))"); done
  for ((i = 0; i < count; i++)); do
    port=$((base + i))
    tls_on && tls_args=(--certificate "$CERTS/member-$i.pfx" --ca "$CERTS/ca.pem")
    : >"$RUN_DIR/member-$i.log"
    # The password goes through the environment, not the command line (visible in ps).
    AUTOGRAD__TLS__CERTIFICATEPASSWORD=$password supervise "$i" \
      dotnet "$HOST_DLL" member --hostname 127.0.0.1 --port "$port" "${seeds[@]}" --roles compute "${tls_args[@]}" \
      </dev/null >/dev/null 2>&1 &
    echo $! >"$RUN_DIR/supervisor-$i.pid"
    echo "member $i: 127.0.0.1:$port$(tls_on && echo ' (mutual TLS)'), restart $RESTART, log $RUN_DIR/member-$i.log"
  done
  wait_until_up "$count"
}

# Every member logs "up compute members: K" on each membership change; the cluster is up
# when each member's log has seen K = count (the logs are one line per entry).
wait_until_up() {
  local count=$1 deadline=$((SECONDS + START_TIMEOUT)) i ready
  while true; do
    ready=0
    for ((i = 0; i < count; i++)); do
      local pid
      pid=$(cat "$RUN_DIR/supervisor-$i.pid")
      if ! alive "$pid"; then
        echo "member $i exited during startup and was not restarted; its log:" >&2
        tail -n 30 "$RUN_DIR/member-$i.log" >&2
        stop
        exit 1
      fi
      if grep -q "up compute members: $count\$" "$RUN_DIR/member-$i.log"; then
        ready=$((ready + 1))
      fi
    done
    if ((ready == count)); then
      echo "cluster up: $count members"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      echo "cluster not up within ${START_TIMEOUT}s ($ready of $count members see all $count); stopping" >&2
      tail -n 5 "$RUN_DIR"/member-*.log >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
}

status() {
  local f pid restarts
  for f in "$RUN_DIR"/member-*.pid; do
    [[ -e $f ]] || { echo "no members started from $RUN_DIR"; return 0; }
    pid=$(cat "$f")
    restarts=$(cat "${f%.pid}.restarts" 2>/dev/null || echo 0)
    if alive "$pid"; then
      echo "$(basename "$f" .pid): pid $pid running, restarted $restarts times; $(grep -o 'up compute members: [0-9]*' "${f%.pid}.log" | tail -n 1)"
    else
      echo "$(basename "$f" .pid): pid $pid not running, restarted $restarts times"
    fi
  done
}

stop() {
  local pid deadline
  mkdir -p "$RUN_DIR"
  touch "$STOPPING"   # the supervisors restart nothing from now on
  for pid in $(pids); do
    alive "$pid" && kill -TERM "$pid" 2>/dev/null || true
  done
  deadline=$((SECONDS + STOP_TIMEOUT))
  for pid in $(pids); do
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
    if alive "$pid"; then
      echo "pid $pid did not leave within ${STOP_TIMEOUT}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  # A supervisor may have been starting its member again as the stop began: that one is stopped too.
  deadline=$((SECONDS + 5))
  for pid in $(pids supervisor); do
    while alive "$pid" && ((SECONDS < deadline)); do sleep 0.2; done
  done
  for pid in $(pids); do
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  done
  for pid in $(pids supervisor); do
    alive "$pid" && kill -KILL "$pid" 2>/dev/null || true
  done
  rm -f "$RUN_DIR"/member-*.pid "$RUN_DIR"/supervisor-*.pid "$STOPPING"
  echo "stopped"
}

# What a client of this cluster needs, as shell exports (the client certificate of the dev CA).
client_env() {
  [[ -f $CERTS/client.pfx ]] || { echo "no certificates in $CERTS: start the cluster first" >&2; exit 1; }
  echo "export AUTOGRAD__TLS__CERTIFICATEPATH='$CERTS/client.pfx'"
  echo "export AUTOGRAD__TLS__CERTIFICATEPASSWORD='$(cat "$CERTS/password")'"
  echo "export AUTOGRAD__TLS__CACERTIFICATEPATH='$CERTS/ca.pem'"
}

case ${1:-} in
  start) [[ $# -ge 2 ]] || usage; start "$2" "${3:-4053}" ;;
  status) status ;;
  stop) stop ;;
  client-env) client_env ;;
  *) usage ;;
esac
