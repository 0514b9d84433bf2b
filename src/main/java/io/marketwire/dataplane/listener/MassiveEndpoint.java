package io.marketwire.dataplane.listener;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Receives Massive WebSocket events: one exchange per event with its raw JSON as the body, or in
 * batch mode ({@code batching=true}) one exchange per batch of whole frames, body a {@code
 * List<MarketEvent>}.
 */
@UriEndpoint(
    firstVersion = "0.1.0",
    scheme = "massive",
    title = "Massive WebSocket",
    syntax = "massive:cluster",
    consumerOnly = true,
    category = {org.apache.camel.Category.MESSAGING},
    headersClass = MassiveConstants.class)
public class MassiveEndpoint extends DefaultEndpoint {

  @UriPath(description = "The feed, e.g. stocks") private String cluster;
  @UriParam(description = "WebSocket URL, e.g. wss://socket.massive.com/stocks") private String url;
  @UriParam(description = "API key sent in the auth message", secret = true) private String apiKey;
  @UriParam(defaultValue = "T.*,Q.*,A.*,AM.*", description = "Comma-separated channels to subscribe to after authenticating (trades, quotes, second and minute aggregates)") private String subscriptions = "T.*,Q.*,A.*,AM.*";
  @UriParam(defaultValue = "10000", description = "Frames buffered between the socket and the publisher; when full the socket is paused until there is room (back-pressure to the upstream)")
  private int bufferFrames = 10_000;
  @UriParam(defaultValue = "1000", description = "The hand-off buffer holds this long (ms) of publishing at the publisher's measured rate (at least batchSize events), then the socket is paused: frames reach the publisher well within maxAge; 0 bounds it by bufferFrames only")
  private long bufferMaxAge = 1000;
  @UriParam(defaultValue = "false", description = "One exchange per batch of frames (body List<MarketEvent>) instead of one per event")
  private boolean batching;
  @UriParam(defaultValue = "1000", description = "In batch mode, the events of whole frames taken into one exchange, at most about this many: what the buffer holds when the route is ready")
  private int batchSize = 1000;
  @UriParam(defaultValue = "0", description = "Frames older than this (ms since receipt) when the publisher gets to them are dropped: stale data is not worth a queue; 0 keeps all")
  private long maxAge;
  @UriParam(defaultValue = "250", description = "First delay (ms) before reconnecting after the socket closed; doubles on each failed attempt") private long reconnectInitialDelay = 250;
  @UriParam(defaultValue = "10000", description = "Longest delay (ms) between reconnection attempts") private long reconnectMaxDelay = 10_000;

  public MassiveEndpoint(String uri, MassiveComponent component) {
    super(uri, component);
  }

  @Override
  public Producer createProducer() {
    throw new UnsupportedOperationException("massive: is a consumer only");
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    MassiveConsumer consumer = new MassiveConsumer(this, processor);
    configureConsumer(consumer);
    return consumer;
  }

  public String getCluster() {
    return cluster;
  }

  public void setCluster(String cluster) {
    this.cluster = cluster;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public String getSubscriptions() {
    return subscriptions;
  }

  public void setSubscriptions(String subscriptions) {
    this.subscriptions = subscriptions;
  }

  public int getBufferFrames() {
    return bufferFrames;
  }

  public void setBufferFrames(int bufferFrames) {
    this.bufferFrames = bufferFrames;
  }

  public long getBufferMaxAge() {
    return bufferMaxAge;
  }

  public void setBufferMaxAge(long bufferMaxAge) {
    this.bufferMaxAge = bufferMaxAge;
  }

  public boolean isBatching() {
    return batching;
  }

  public void setBatching(boolean batching) {
    this.batching = batching;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  public long getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(long maxAge) {
    this.maxAge = maxAge;
  }

  public long getReconnectInitialDelay() {
    return reconnectInitialDelay;
  }

  public void setReconnectInitialDelay(long reconnectInitialDelay) {
    this.reconnectInitialDelay = reconnectInitialDelay;
  }

  public long getReconnectMaxDelay() {
    return reconnectMaxDelay;
  }

  public void setReconnectMaxDelay(long reconnectMaxDelay) {
    this.reconnectMaxDelay = reconnectMaxDelay;
  }
}
