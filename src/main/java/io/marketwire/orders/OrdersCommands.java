package io.marketwire.orders;

import io.marketwire.app.FlowCommand;
import io.marketwire.app.MarketwireMain;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./marketwire orders <component>}: the whole order demo in one terminal, or one component
 * per terminal as the seed has. Each runs the same Camel Main with a subset of routes/orders/.
 */
@Command(
    name = "orders",
    description = "Order processing on AMQP 0-9-1 (RabbitMQ): demo or one component.",
    mixinStandardHelpOptions = true,
    subcommands = {
      OrdersCommands.Demo.class,
      OrdersCommands.Worker.class,
      OrdersCommands.Notification.class,
      OrdersCommands.Analytics.class,
      OrdersCommands.Logs.class,
      OrdersCommands.Produce.class,
      OrdersCommands.RpcServer.class,
      OrdersCommands.RpcClient.class
    })
public final class OrdersCommands {

  static String files(String... names) {
    return FlowCommand.routeFiles("orders", names);
  }

  /** A component command; binds a way for the routes to stop the app when their work is done. */
  abstract static class Component extends FlowCommand {
    @Override
    public Integer call() throws Exception {
      Main main = MarketwireMain.create(profile(), routes(), overrides());
      main.bind("ordersShutdown", (Runnable) main::completed);
      main.run();
      // Spring AMQP's deferred-close pool (non-daemon, 60 s idle timeout) would keep the JVM up
      // for a minute after Camel has stopped; the command is over, so end the process now
      System.exit(main.getExitCode());
      return main.getExitCode();
    }
  }

  @Command(name = "demo", description = "Everything in one terminal: producer, workers, notification, analytics, logs, dispatch, RPC; ends with a summary.")
  public static final class Demo extends Component {
    @Option(names = "--orders", description = "How many orders (default: marketwire.orders.produce.count).")
    Integer orders;

    @Override
    protected String routes() {
      return "file:routes/orders/*.camel.yaml";
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("marketwire.orders.demo.enabled", "true");
      put(o, "marketwire.orders.produce.count", orders);
      return o;
    }
  }

  @Command(name = "worker", description = "Order workers on orders.work (and the dispatch consumers they feed).")
  public static final class Worker extends Component {
    @Parameters(index = "0", arity = "0..1", description = "The worker's id in logs and counts, e.g. W1 (seed 004: demo worker W1).")
    String id;

    @Option(names = "--concurrency", description = "Concurrent consumers (default: marketwire.orders.worker.concurrency).")
    Integer concurrency;

    @Override
    protected String routes() {
      return files("worker", "dispatch");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      put(o, "marketwire.orders.worker.concurrency", concurrency);
      put(o, "marketwire.orders.worker.id", id);
      return o;
    }
  }

  @Command(name = "notification", description = "Notification service on the notifications queue (events.fanout).")
  public static final class Notification extends Component {
    @Override
    protected String routes() {
      return files("notification");
    }
  }

  @Command(name = "analytics", description = "Analytics service on the analytics queue (events.fanout).")
  public static final class Analytics extends Component {
    @Override
    protected String routes() {
      return files("analytics");
    }
  }

  @Command(name = "logs", description = "Log consumers on logs.topic: order.# and *.failed.")
  public static final class Logs extends Component {
    @Override
    protected String routes() {
      return files("logs");
    }
  }

  @Command(name = "produce", description = "Publish N sample orders with publisher confirms, then stop.")
  public static final class Produce extends Component {
    @Parameters(index = "0", arity = "0..1", description = "How many orders (default: marketwire.orders.produce.count).")
    Integer count;

    @Override
    protected String routes() {
      return files("producer");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("marketwire.orders.produce.auto-start", "true");
      if (count != null) {
        if (count < 1) {
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(this), "N must be at least 1, was " + count);
        }
        o.put("marketwire.orders.produce.count", count.toString());
      }
      return o;
    }
  }

  @Command(name = "rpc-server", description = "RPC inventory server on inventory.rpc.")
  public static final class RpcServer extends Component {
    @Override
    protected String routes() {
      return files("rpc-server");
    }
  }

  @Command(name = "rpc-client", description = "A few RPC inventory checks, then stop (times out cleanly without a server).")
  public static final class RpcClient extends Component {
    @Option(names = "--calls", description = "How many calls (default: marketwire.orders.rpc.calls).")
    Integer calls;

    @Override
    protected String routes() {
      return files("rpc-client");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("marketwire.orders.rpc.client-auto-start", "true");
      put(o, "marketwire.orders.rpc.calls", calls);
      return o;
    }
  }
}
