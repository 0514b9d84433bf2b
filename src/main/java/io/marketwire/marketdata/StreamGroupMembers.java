package io.marketwire.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The members of the single-active-consumer groups on some streams, as the broker sees them: for
 * each stream consumer, its group (consumer name), the stream or partition, whether the broker made
 * it the active one or keeps it waiting, and the app instance it belongs to. The instance comes
 * from the consumer's connection: the stream client names its connections after its environment,
 * which the rabbitmq-stream component names after the Camel context ({@code marketwire-<instance>},
 * see {@code AppInstance}). Read from the management API (two requests), so every instance's
 * dashboard shows every instance's members, and what it shows is the broker's decision.
 */
public final class StreamGroupMembers {

  /** One consumer of a group on one stream or partition. */
  public record Member(String group, String stream, String instance, boolean active) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  // marketwire-b-consumer-3 -> b; marketwire-consumer-0 -> marketwire (an unnamed process)
  private static final Pattern CONSUMER_CONNECTION = Pattern.compile("-consumer-\\d+$");
  private static final String APP_PREFIX = "marketwire-";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final String base;
  private final String vhost;
  private final String authorization;

  public StreamGroupMembers(String host, int managementPort, String vhost, String username, String password) {
    this.base = "http://" + host + ":" + managementPort + "/api/stream/";
    this.vhost = URLEncoder.encode(vhost, StandardCharsets.UTF_8);
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The named consumers of the given streams or partitions; throws when the API cannot be read. */
  public List<Member> read(java.util.Collection<String> streams) throws Exception {
    Map<String, String> instanceByConnection = new HashMap<>();
    for (JsonNode connection : get("connections")) {
      String name = connection.path("client_properties").path("connection_name").asText("");
      instanceByConnection.put(connection.path("name").asText(), instance(name));
    }
    List<Member> members = new ArrayList<>();
    for (JsonNode consumer : get("consumers")) {
      String stream = consumer.path("queue").path("name").asText();
      String group = consumer.path("properties").path("name").asText("");
      if (!streams.contains(stream) || group.isEmpty()) {
        continue;
      }
      String connection = consumer.path("connection_details").path("name").asText();
      members.add(
          new Member(
              group,
              stream,
              instanceByConnection.getOrDefault(connection, connection),
              consumer.path("active").asBoolean(false)));
    }
    return members;
  }

  /** The instance a stream client's connection name belongs to. */
  static String instance(String connectionName) {
    String environment = CONSUMER_CONNECTION.matcher(connectionName).replaceFirst("");
    return environment.startsWith(APP_PREFIX) ? environment.substring(APP_PREFIX.length()) : environment;
  }

  private JsonNode get(String what) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + what + "/" + vhost))
            .timeout(Duration.ofSeconds(2))
            .header("Authorization", authorization)
            .GET()
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("management API answered HTTP " + response.statusCode() + " for stream " + what);
    }
    return JSON.readTree(response.body());
  }
}
