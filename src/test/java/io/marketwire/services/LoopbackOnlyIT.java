package io.marketwire.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.config.LayeredProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * After "./marketwire services up", every TCP port the brokers' processes listen on is bound to
 * loopback: AMQP, streams, their TLS listeners, management, Redis and its TLS port, and also the
 * Erlang distribution port and epmd, which Erlang binds to every interface unless told otherwise.
 * Reads the kernel's socket tables (/proc/net/tcp, tcp6) and which process holds each socket.
 */
@Tag("integration")
class LoopbackOnlyIT {

  private final LayeredProperties config = LayeredProperties.load(Path.of("config"));

  record Listener(InetAddress address, int port, long inode) {}

  @Test
  void everyPortOfTheBrokersIsBoundToLoopback() throws IOException {
    Set<Integer> brokerPorts =
        Set.of(
            config.requireInt("marketwire.services.amqp-port"),
            config.requireInt("marketwire.services.stream-port"),
            config.requireInt("marketwire.services.amqp-tls-port"),
            config.requireInt("marketwire.services.stream-tls-port"),
            config.requireInt("marketwire.rabbitmq.management-port"),
            config.requireInt("marketwire.services.redis-port"),
            config.requireInt("marketwire.services.redis-tls-port"),
            config.requireInt("marketwire.services.dist-port"),
            4369);
    List<Listener> listeners = new ArrayList<>();
    listeners.addAll(listening(Path.of("/proc/net/tcp"), false));
    listeners.addAll(listening(Path.of("/proc/net/tcp6"), true));
    Map<Long, Integer> owner = socketOwners();

    // the brokers' processes: those holding one of their well-known ports; then every port they hold
    Set<Integer> brokerPids = new HashSet<>();
    for (Listener l : listeners) {
      if (brokerPorts.contains(l.port()) && owner.containsKey(l.inode())) {
        brokerPids.add(owner.get(l.inode()));
      }
    }
    assertThat(brokerPids).as("processes listening on the brokers' ports (is services up running?)").isNotEmpty();

    Set<Integer> portsSeen = new TreeSet<>();
    List<String> exposed = new ArrayList<>();
    for (Listener l : listeners) {
      Integer pid = owner.get(l.inode());
      if (pid == null || !brokerPids.contains(pid)) {
        continue;
      }
      portsSeen.add(l.port());
      if (!l.address().isLoopbackAddress()) {
        exposed.add(l.address().getHostAddress() + ":" + l.port() + " (" + command(pid) + ", pid " + pid + ")");
      }
    }
    assertThat(exposed).as("broker ports bound beyond loopback").isEmpty();
    // the ports Erlang opens by itself are among those checked
    assertThat(portsSeen).contains(config.requireInt("marketwire.services.dist-port"), 4369);
  }

  /** LISTEN sockets (state 0A) of one /proc/net table. */
  private static List<Listener> listening(Path table, boolean v6) throws IOException {
    List<Listener> out = new ArrayList<>();
    if (!Files.exists(table)) {
      return out;
    }
    List<String> lines = Files.readAllLines(table);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (!f[3].equals("0A")) {
        continue;
      }
      String[] local = f[1].split(":");
      out.add(new Listener(address(local[0], v6), Integer.parseInt(local[1], 16), Long.parseLong(f[9])));
    }
    return out;
  }

  /** The kernel prints each 32-bit word of the address in host (little-endian) byte order. */
  private static InetAddress address(String hex, boolean v6) throws IOException {
    byte[] bytes = new byte[v6 ? 16 : 4];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) {
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return InetAddress.getByAddress(bytes);
  }

  /** Socket inode -> the pid holding it, from /proc/PID/fd links ("socket:[inode]"). */
  private static Map<Long, Integer> socketOwners() throws IOException {
    Map<Long, Integer> owners = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        int pid = Integer.parseInt(proc.getFileName().toString());
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
          for (Path fd : fds) {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[")) {
              owners.put(Long.parseLong(target.substring(8, target.length() - 1)), pid);
            }
          }
        } catch (IOException | SecurityException e) {
          // a process that ended meanwhile, or one we may not look into: not a broker of ours
        }
      }
    }
    return owners;
  }

  private static String command(int pid) {
    try {
      return Files.readString(Path.of("/proc/" + pid + "/comm")).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
