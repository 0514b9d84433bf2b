package io.marketwire.cli;

/**
 * A command that runs with a configuration profile: {@code --profile NAME} (or
 * MARKETWIRE_PROFILE) is taken off the command line before picocli parses it and handed over here.
 */
public interface ProfileAware {

  void profile(String profile);
}
