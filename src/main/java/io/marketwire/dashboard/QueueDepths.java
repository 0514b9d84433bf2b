package io.marketwire.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every queue's and stream's depth in one request to the RabbitMQ management API ({@code GET
 * /api/queues} with only the columns the dashboard shows). One call a second instead of a passive
 * declare per queue, which would close a channel (and log an error) for each queue that does not
 * exist yet. The broker refreshes these figures every few seconds (its statistics interval).
 */
final class QueueDepths {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI uri;
  private final String authorization;

  QueueDepths(String host, int port, String vhost, String username, String password) {
    String encodedVhost = vhost.replace("/", "%2F");
    this.uri =
        URI.create(
            "http://" + host + ":" + port + "/api/queues/" + encodedVhost
                + "?columns=name,messages");
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Messages per queue or stream name; throws when the management API cannot be reached or refuses. */
  Map<String, Long> read() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).header("Authorization", authorization).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("management API answered HTTP " + response.statusCode());
    }
    Map<String, Long> out = new LinkedHashMap<>();
    for (JsonNode q : JSON.readTree(response.body())) {
      out.put(q.path("name").asText(), q.path("messages").asLong(0));
    }
    return out;
  }
}
