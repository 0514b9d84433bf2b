# A RabbitMQ cluster of NODES nodes in the same chroot as the single node, beside it (sourced by
# dev/services). The recipe of RabbitMQ's own `start-cluster` make target: node i is mw<i>@localhost
# with AMQP 5672+i, streams 5552+i, management 15672+i and Erlang distribution 25672+i (the
# single node keeps i = 0), its own config, data and log folders; nodes 2.. join node 1. Plain
# listeners only (no TLS), on the bind address. docs/cluster.md.

node_name() { printf 'mw%s@localhost' "$1"; }
node_dir() { printf '/var/lib/rabbitmq/mw%s' "$1"; }
node_pidfile() { printf '%s/mw%s/pid' "$CHROOT/var/lib/rabbitmq" "$1"; }

# node_pid I: the node's Erlang VM pid (host pid: the chroot shares the pid namespace), if alive
node_pid() { pid_in_file "$(node_pidfile "$1")"; }

cluster_running() {
  local i
  for i in 1 2 3 4 5 6 7 8 9; do node_pid "$i" >/dev/null 2>&1 && return 0; done
  return 1
}

ctl() { local i=$1; shift; in_chroot rabbitmqctl -n "$(node_name "$i")" "$@"; }

write_node_config() {
  local i=$1
  mkdir -p "$CHROOT/etc/rabbitmq"
  { rabbit_conf $((RABBIT_PORT + i)) $((STREAM_PORT + i)) $((MGMT_PORT + i)) false
    # stream and quorum queue leaders spread over the nodes instead of landing on the node the
    # declaring client is connected to
    echo "queue_leader_locator = balanced"
    # a node cut off from the others pauses (stops serving clients) until it sees a majority
    # again, then rejoins by itself: clients go to the majority, and nothing confirmed there is
    # undone when the partition heals (the default, ignore, leaves the cluster split until an
    # operator restarts a side)
    echo "cluster_partition_handling = pause_minority"
  } > "$CHROOT/etc/rabbitmq/mw$i.conf"
  rabbit_env "$(node_name "$i")" $((DIST_PORT + i)) > "$CHROOT/etc/rabbitmq/mw$i-env.conf"
  in_chroot mkdir -p "$(node_dir "$i")" "/var/log/rabbitmq/mw$i"
  in_chroot chown rabbitmq:rabbitmq "$(node_dir "$i")" "/var/log/rabbitmq/mw$i"
}

# start_node I: launches node I (does not wait)
start_node() {
  local i=$1 port
  if node_pid "$i" >/dev/null; then return; fi
  for port in $((RABBIT_PORT + i)) $((STREAM_PORT + i)) $((MGMT_PORT + i)); do
    if port_open 127.0.0.1 "$port"; then die "port $port is taken by a process this script did not start"; fi
  done
  write_node_config "$i"
  mkdir -p "$RUNDIR"
  # shellcheck disable=SC2046 # server_env's words are NAME=value pairs without spaces
  env $(server_env "mw$i") RABBITMQ_NODENAME="$(node_name "$i")" RABBITMQ_DIST_PORT=$((DIST_PORT + i)) \
    ERL_EPMD_ADDRESS="$BIND" nohup chroot "$CHROOT" /usr/sbin/rabbitmq-server > "$RUNDIR/mw$i.out" 2>&1 &
}

# join I: node I joins node 1's cluster unless it already is a member
join() {
  local i=$1
  if ctl 1 -q cluster_status --formatter json 2>/dev/null | grep -q "\"$(node_name "$i")\""; then return; fi
  log "$(node_name "$i") joins $(node_name 1)"
  ctl "$i" -q stop_app >/dev/null
  ctl "$i" -q reset >/dev/null
  ctl "$i" -q join_cluster "$(node_name 1)" >/dev/null
  ctl "$i" -q start_app >/dev/null
}

cluster_up() {
  provision_chroot
  write_definitions
  mount_proc
  local i
  log "starting a $NODES-node RabbitMQ cluster on $BIND: amqp :$((RABBIT_PORT + 1))-$((RABBIT_PORT + NODES)), streams :$((STREAM_PORT + 1))-$((STREAM_PORT + NODES)), management :$((MGMT_PORT + 1))-$((MGMT_PORT + NODES))"
  # all at once: a node that was clustered waits at boot for the peers it last saw
  for i in $(seq 1 "$NODES"); do start_node "$i"; done
  for i in $(seq 1 "$NODES"); do await_node "$(node_name "$i")" "$RUNDIR/mw$i.out"; done
  for i in $(seq 2 "$NODES"); do join "$i"; done
  for i in $(seq 1 "$NODES"); do rabbit_ready "$(node_name "$i")" $((MGMT_PORT + i)); done
  log "cluster is up: $(ctl 1 -q cluster_status --formatter json | running_nodes)"
}

# running_nodes: the running_nodes of cluster_status JSON on stdin, comma-separated
running_nodes() { sed -n 's/.*"running_nodes":\[\([^]]*\)\].*/\1/p' | tr -d '"'; }

stop_node() {
  local i=$1 pid
  pid=$(node_pid "$i") || { log "$(node_name "$i") is not running"; return; }
  ctl "$i" -q shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
}

cluster_down() {
  local i
  for i in $(seq "$NODES" -1 1); do log "stopping $(node_name "$i")"; stop_node "$i"; done
}

# cluster_status: each node, its ports, whether it runs and answers, and what it leads
cluster_status() {
  local i leaders members=""
  for i in $(seq 1 "$NODES"); do
    if node_pid "$i" >/dev/null && [ -z "$members" ]; then
      members=$(ctl "$i" -q cluster_status --formatter json 2>/dev/null | running_nodes)
      leaders=$(ctl "$i" -q list_queues name type leader --formatter tsv 2>/dev/null || true)
    fi
  done
  for i in $(seq 1 "$NODES"); do
    local name ports state role
    name=$(node_name "$i")
    ports="amqp :$((RABBIT_PORT + i)), stream :$((STREAM_PORT + i)), management :$((MGMT_PORT + i))"
    if ! node_pid "$i" >/dev/null; then state=stopped; role=""
    elif ! ctl "$i" -q ping >/dev/null 2>&1; then state="not answering"; role=""
    elif [[ ",$members," == *",$name,"* ]]; then
      state="running, in the cluster"
      role="leads $(printf '%s\n' "${leaders:-}" | awk -F'\t' -v n="$name" '$3 == n' | wc -l) of $(printf '%s\n' "${leaders:-}" | awk -F'\t' 'NF >= 3' | wc -l) queues/streams"
      [ "$i" = 1 ] && role="$role; seed node (the others join it)"
    else state="running, NOT in the cluster"; role=""
    fi
    printf '%s: %s (%s)%s\n' "$name" "$state" "$ports" "${role:+; $role}"
  done
}

cluster() {
  local action=$1; shift
  case $action in
    up) [ "${1:-}" = --tls ] && log "warning: the cluster nodes have plain listeners only"; cluster_up; redis_apply_and_up ;;
    down) cluster_down ;;
    status) cluster_status ;;
    *) die "services up|down|status --nodes N; one node: services node stop|start|kill|pid I" ;;
  esac
}

# Redis is shared by the single node and the cluster profiles: "up --nodes N" starts it too
redis_apply_and_up() { apply_config; redis_up; }

# cluster_node ACTION I: one node of the cluster, for the cluster tests
cluster_node() {
  local action=${1:?node stop|start|kill|pid|cli I} i=${2:?node number}
  case $action in
    # cli I TOOL ARGS: rabbitmqctl, rabbitmq-streams, rabbitmq-diagnostics... against node I
    cli)
      local tool=${3:?cli I rabbitmqctl|rabbitmq-streams|rabbitmq-diagnostics|rabbitmq-queues ARGS}; shift 3
      in_chroot env HOME=/var/lib/rabbitmq "/usr/lib/rabbitmq/bin/$tool" -n "$(node_name "$i")" "$@" ;;
    stop) log "stopping $(node_name "$i")"; stop_node "$i" ;;
    start)
      mount_proc; write_definitions; start_node "$i"
      await_node "$(node_name "$i")" "$RUNDIR/mw$i.out"; rabbit_ready "$(node_name "$i")" $((MGMT_PORT + i))
      log "$(node_name "$i") is up" ;;
    kill) local pid; pid=$(node_pid "$i") || die "$(node_name "$i") is not running"; kill -9 "$pid"; log "killed $(node_name "$i") (pid $pid)" ;;
    pid) node_pid "$i" || die "$(node_name "$i") is not running"; echo ;;
    *) die "node stop|start|kill|pid I, or node cli I TOOL ARGS" ;;
  esac
}
