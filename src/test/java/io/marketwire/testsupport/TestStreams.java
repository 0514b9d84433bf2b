package io.marketwire.testsupport;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The streams of one test, as a JUnit extension ({@code @RegisterExtension}): names no other test
 * (or developer) uses, a {@link BrokerAdmin} for the test, and every stream it named deleted after
 * it, whether the test passed or not.
 */
public final class TestStreams implements BeforeEachCallback, AfterEachCallback {

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final Set<String> named = new LinkedHashSet<>();
  private BrokerAdmin admin;

  /** {@code prefix-ID}: a stream of this test, deleted after it. */
  public String stream(String prefix) {
    String name = prefix + "-" + id;
    named.add(name);
    return name;
  }

  /** This test's own id, for names of other things (files, consumers). */
  public String id() {
    return id;
  }

  public BrokerAdmin admin() {
    return admin;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    admin = new BrokerAdmin();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    admin.deleteStreams(named.toArray(String[]::new));
    named.clear();
    admin.close();
  }
}
