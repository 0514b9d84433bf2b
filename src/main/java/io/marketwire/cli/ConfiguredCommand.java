package io.marketwire.cli;

import io.marketwire.config.LayeredProperties;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * A command that reads {@code config/} itself instead of running routes in Camel Main (replay,
 * audit rebuild, backtest, chaos): the profile it was given ({@code --profile} or
 * MARKETWIRE_PROFILE) and the layered settings of that profile, environment overrides included.
 */
public abstract class ConfiguredCommand implements Callable<Integer>, ProfileAware {

  private String profile = LayeredProperties.activeProfile(System.getenv());

  @Override
  public void profile(String profile) {
    this.profile = profile;
  }

  protected String profile() {
    return profile;
  }

  /** {@code config/application.properties} under the profile's file, under the environment. */
  protected LayeredProperties config() {
    return LayeredProperties.load(Path.of("config"), profile, System.getenv());
  }
}
