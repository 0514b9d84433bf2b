# The network-partition lab (sourced by dev/services): a three-node RabbitMQ cluster whose nodes
# each live in a network namespace of their own, so a test can cut one node's network for real
# (its sockets stop carrying packets) instead of only telling Erlang to drop its links.
#
#   host namespace                bridge mwlab-br, address NET.254 (the tests connect from here)
#     |-- veth mwlab<i>-h  <->  mwlab<i>-n  in namespace mwlab<i>, address NET.i, node mwlab<i>@NET.i
#
# NET is marketwire.services.netlab.network, a /24 in the loopback range (127.x.y): the lab uses no
# address outside 127.0.0.0/8, and the kernel routes such addresses between namespaces only on the
# lab's own links (route_localnet is switched on for those links and nothing else). Each node has
# its own epmd, so every node keeps the single node's ports; long node names carry the address.
# Only the lab's own namespaces, links and node folders are touched; "netlab down" removes them.
#
#   dev/services netlab up|down|status     the lab (RabbitMQ only; the tests need no Redis)
#   dev/services netlab cut|heal I         node I's link down / up again
#   dev/services netlab cli I TOOL ARGS    rabbitmqctl, rabbitmq-queues... against node I

LAB_NODES=3

lab_net() { conf marketwire.services.netlab.network; }
lab_ns() { printf 'mwlab%s' "$1"; }
lab_addr() { printf '%s.%s' "$(lab_net)" "$1"; }
lab_node() { printf 'mwlab%s@%s' "$1" "$(lab_addr "$1")"; }
lab_dir() { printf '/var/lib/rabbitmq/mwlab%s' "$1"; }
LAB_BRIDGE=mwlab-br

# lab_exec I CMD...: CMD inside node I's namespace and the broker chroot
lab_exec() {
  local i=$1; shift
  ip netns exec "$(lab_ns "$i")" env ERL_EPMD_ADDRESS="$(lab_addr "$i")" chroot "$CHROOT" "$@"
}

lab_cli() {
  local i=$1 tool=$2; shift 2
  # commands whose answer other nodes send to the CLI directly (list_queues) time out here: the
  # CLI names itself after localhost, which the other namespaces cannot reach; the cluster tests
  # ask quorum_status and stream_status instead
  lab_exec "$i" env HOME=/var/lib/rabbitmq "/usr/lib/rabbitmq/bin/$tool" --longnames -n "$(lab_node "$i")" "$@"
}

lab_pid() { pid_in_file "$CHROOT$(lab_dir "$1")/pid"; }

# lab_network: the bridge and, per node, its namespace and veth pair (idempotent)
lab_network() {
  command -v ip >/dev/null 2>&1 || apt_install iproute2
  local net i ns
  net=$(lab_net)
  case $net in 127.*.*) ;; *) die "marketwire.services.netlab.network must be a /24 in 127.0.0.0/8 (got $net)" ;; esac
  if ! ip link show "$LAB_BRIDGE" >/dev/null 2>&1; then
    ip link add "$LAB_BRIDGE" type bridge
    sysctl -qw "net.ipv4.conf.$LAB_BRIDGE.route_localnet=1"
    ip addr add "$net.254/24" dev "$LAB_BRIDGE"
  fi
  ip link set "$LAB_BRIDGE" up
  for i in $(seq 1 "$LAB_NODES"); do
    ns=$(lab_ns "$i")
    ip netns list | grep -qw "^$ns" || ip netns add "$ns"
    if ! ip link show "$ns-h" >/dev/null 2>&1; then
      ip link add "$ns-h" type veth peer name "$ns-n"
      ip link set "$ns-n" netns "$ns"
      ip link set "$ns-h" master "$LAB_BRIDGE"
      ip netns exec "$ns" sysctl -qw "net.ipv4.conf.$ns-n.route_localnet=1"
      ip netns exec "$ns" ip addr add "$(lab_addr "$i")/24" dev "$ns-n"
    fi
    ip link set "$ns-h" up
    ip netns exec "$ns" ip link set lo up
    ip netns exec "$ns" ip link set "$ns-n" up
  done
}

lab_write_config() {
  local i=$1 addr
  addr=$(lab_addr "$i")
  # the single node's listeners and ports, on the node's own address
  { BIND=$addr RABBIT_HOST=$addr PLAINTEXT=true rabbit_conf "$RABBIT_PORT" "$STREAM_PORT" "$MGMT_PORT" false
    echo "queue_leader_locator = balanced"
    echo "cluster_partition_handling = pause_minority"
  } > "$CHROOT/etc/rabbitmq/mwlab$i.conf"
  { echo "NODENAME=$(lab_node "$i")"
    echo "USE_LONGNAME=true"
    echo "DIST_PORT=$DIST_PORT"
    echo "ERL_EPMD_ADDRESS=$addr"
    # a cut link is noticed in net_ticktime (60 s by default); 10 s keeps the test short
    echo "SERVER_ADDITIONAL_ERL_ARGS=\"-kernel inet_dist_use_interface $(erl_ip "$addr") -kernel net_ticktime 10\""
  } > "$CHROOT/etc/rabbitmq/mwlab$i-env.conf"
  chroot "$CHROOT" mkdir -p "$(lab_dir "$i")" "/var/log/rabbitmq/mwlab$i"
  chroot "$CHROOT" chown rabbitmq:rabbitmq "$(lab_dir "$i")" "/var/log/rabbitmq/mwlab$i"
}

# lab_epmd I: the namespace's epmd, started before the node and awaited: a node that starts it
# itself on a loaded machine may look it up before it listens, and stops at boot (epmd_error
# ... address, seen in a test-cluster run)
lab_epmd() {
  local i=$1 n
  lab_exec "$i" epmd -daemon
  for n in $(seq 1 100); do
    port_open "$(lab_addr "$i")" 4369 && return
    sleep 0.1
  done
  die "epmd did not start in $(lab_ns "$i")"
}

lab_start() {
  local i=$1
  if lab_pid "$i" >/dev/null; then return; fi
  lab_epmd "$i"
  lab_write_config "$i"
  mkdir -p "$RUNDIR"
  # shellcheck disable=SC2046 # server_env's words are NAME=value pairs without spaces
  ip netns exec "$(lab_ns "$i")" env $(server_env "mwlab$i") \
    nohup chroot "$CHROOT" /usr/sbin/rabbitmq-server > "$RUNDIR/mwlab$i.out" 2>&1 &
}

lab_await() { await_boot "$(lab_node "$1")" "$RUNDIR/mwlab$1.out" lab_cli "$1" rabbitmqctl; }

lab_running_nodes() { lab_cli "$1" rabbitmqctl -q cluster_status --formatter json 2>/dev/null | running_nodes; }

lab_up() {
  provision_chroot
  write_definitions
  mount_proc
  lab_network
  log "starting the network-partition lab: $LAB_NODES nodes on $(lab_net).1-$LAB_NODES, each in its own network namespace (amqp :$RABBIT_PORT, streams :$STREAM_PORT)"
  local i
  for i in $(seq 1 "$LAB_NODES"); do lab_start "$i"; done
  for i in $(seq 1 "$LAB_NODES"); do lab_await "$i"; done
  for i in $(seq 2 "$LAB_NODES"); do
    if lab_running_nodes 1 | grep -q "$(lab_node "$i")"; then continue; fi
    log "$(lab_node "$i") joins $(lab_node 1)"
    lab_cli "$i" rabbitmqctl -q stop_app >/dev/null
    lab_cli "$i" rabbitmqctl -q reset >/dev/null
    lab_cli "$i" rabbitmqctl -q join_cluster "$(lab_node 1)" >/dev/null
    lab_cli "$i" rabbitmqctl -q start_app >/dev/null
  done
  log "lab is up: $(lab_running_nodes 1)"
}

lab_down() {
  local i pid ns
  for i in $(seq "$LAB_NODES" -1 1); do
    if pid=$(lab_pid "$i"); then
      log "stopping $(lab_node "$i")"
      ip link set "$(lab_ns "$i")-h" up 2>/dev/null || true
      lab_cli "$i" rabbitmqctl -q shutdown >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  for i in $(seq 1 "$LAB_NODES"); do
    ns=$(lab_ns "$i")
    # epmd and anything else still in the namespace go with it
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip link del "$ns-h" 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "${CHROOT:?}$(lab_dir "$i")"
  done
  ip link del "$LAB_BRIDGE" 2>/dev/null || true
  log "lab removed"
}

lab_status() {
  local i state
  for i in $(seq 1 "$LAB_NODES"); do
    if ! lab_pid "$i" >/dev/null; then state=stopped
    elif [ "$(cat "/sys/class/net/$(lab_ns "$i")-h/operstate" 2>/dev/null)" != up ]; then state="running, link CUT"
    else state="running, sees: $(lab_running_nodes "$i" || echo '(not answering)')"
    fi
    printf '%s: %s\n' "$(lab_node "$i")" "$state"
  done
}

netlab() {
  local action=${1:?netlab up|down|status|cut I|heal I|cli I TOOL ARGS}; shift
  case $action in
    up) lab_up ;;
    down) lab_down ;;
    status) lab_status ;;
    cut) log "cutting $(lab_node "${1:?cut I}")'s link"; ip link set "$(lab_ns "$1")-h" down ;;
    heal) log "restoring $(lab_node "${1:?heal I}")'s link"; ip link set "$(lab_ns "$1")-h" up ;;
    cli) local i=${1:?cli I TOOL ARGS}; shift; lab_cli "$i" "$@" ;;
    *) die "netlab up|down|status|cut I|heal I|cli I TOOL ARGS" ;;
  esac
}
