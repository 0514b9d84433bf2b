package io.marketwire.flow;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a bounded flow (a replay, an audit rebuild: routes that read to an end) ends the command
 * that launched it, with an exit code. A launcher binds one as {@value #BEAN}; where none is bound
 * (the flow runs inside the whole system) the flow's work is done and the app goes on.
 */
public final class FlowCompletion {

  public static final String BEAN = "flowCompletion";

  private static final Logger LOG = LoggerFactory.getLogger(FlowCompletion.class);

  private final Runnable stop;
  private volatile Integer exitCode;

  public FlowCompletion(Runnable stop) {
    this.stop = stop;
  }

  /** Ends the launching command with {@code exitCode}, or only logs when no command waits. */
  public static void complete(CamelContext context, String flow, int exitCode) {
    FlowCompletion completion = context.getRegistry().lookupByNameAndType(BEAN, FlowCompletion.class);
    if (completion == null) {
      LOG.info("{} complete (exit code {}); the app goes on", flow, exitCode);
      return;
    }
    completion.exitCode = exitCode;
    completion.stop.run();
  }

  /** The flow's exit code, or {@code otherwise} when it did not complete (stopped before its end). */
  public int exitCode(int otherwise) {
    Integer code = exitCode;
    return code == null ? otherwise : code;
  }
}
