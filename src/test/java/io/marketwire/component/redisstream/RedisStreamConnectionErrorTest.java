package io.marketwire.component.redisstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** An unreachable Redis: a clear error that says where, and never the password. */
class RedisStreamConnectionErrorTest {

  @Test
  void producerStartFailsClearlyWithoutThePassword() {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    CamelContext context = new DefaultCamelContext();
    try {
      System.setOut(new PrintStream(console, true));
      System.setErr(new PrintStream(console, true));
      assertThatThrownBy(
              () -> {
                context.addRoutes(
                    new RouteBuilder() {
                      @Override
                      public void configure() {
                        // port 1 on loopback: nothing listens, the connect is refused at once
                        from("direct:in")
                            .to("redis-stream:s?port=1&password=TopSecret-42&commandTimeout=2000");
                      }
                    });
                context.start();
              })
          .hasStackTraceContaining("Cannot connect to Redis at redis://localhost:1/0")
          .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("TopSecret-42"));
    } finally {
      context.stop();
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(console.toString()).doesNotContain("TopSecret-42");
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }
}
