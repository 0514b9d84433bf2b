package io.marketwire.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven by its chromedriver through Selenium, with a fresh profile
 * deleted on close. The flags keep it off the network it does not have here (without them it keeps
 * trying: updates, sync, QUIC).
 */
public final class HeadlessChromium implements AutoCloseable {

  private final Path profile;
  private final ChromeDriver driver;

  public HeadlessChromium(String windowSize) throws Exception {
    profile = Files.createTempDirectory("chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=" + windowSize, "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  public WebDriver driver() {
    return driver;
  }

  /** Runs a script in the page and returns its value. */
  public Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** The innerText of every element the selector matches, read in one script (rows are rebuilt on every push). */
  @SuppressWarnings("unchecked")
  public List<String> texts(String selector) {
    return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)", selector);
  }

  public void screenshot(Path file) throws Exception {
    Files.createDirectories(file.getParent());
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() throws Exception {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }
}
