package io.marketwire.dashboard;

/**
 * One section of the dashboard's snapshot, contributed by the flow family that owns its data: the
 * family's configuration class binds its panels in the Camel registry, and {@link
 * DashboardSnapshot} finds them there by type. So the dashboard knows no flow, and a new family
 * shows up on the dashboard by binding a panel.
 *
 * <p>Panels are read once per snapshot, one after the other on the feed route's thread, so a panel
 * may keep what it needs from one snapshot to the next (a previous count for a rate, say) without
 * locking.
 */
public interface DashboardPanel {

  /**
   * The section's key in the snapshot JSON, the name the single-page app reads it by
   * ({@code src/main/resources/web/app.js}). When {@link #read} throws, the snapshot carries
   * {@code <name>Error} with the reason instead, and the other sections still go out.
   */
  String name();

  /**
   * The section's content, anything Jackson writes (maps, lists, numbers, strings). A flow that
   * does not run in this process gives an empty section, not an error.
   */
  Object read(PanelSources sources) throws Exception;
}
