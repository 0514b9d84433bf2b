package io.marketwire.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates made for one test in its temporary folder with openssl (the tool "./marketwire
 * services up --tls" uses too): a CA of its own, and leaf certificates it signs.
 */
public final class TestCertificates {

  private final Path dir;

  public TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** A self-signed CA {@code name}.pem (with its key {@code name}.key). */
  public Path ca(String name) throws IOException, InterruptedException {
    openssl(
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
        "-keyout", name + ".key", "-out", name + ".pem", "-subj", "/CN=" + name,
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign");
    return dir.resolve(name + ".pem");
  }

  /**
   * A certificate {@code name} signed by the CA {@code ca} (made by {@link #ca}) with the given
   * extensions, as a PKCS12 store {@code name}.p12 holding key and chain under {@code password}.
   */
  public Path signedPkcs12(String name, String ca, String extensions, String password)
      throws IOException, InterruptedException {
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", name + ".key",
        "-out", name + ".csr", "-subj", "/CN=" + name);
    Files.writeString(dir.resolve(name + ".ext"), extensions + "\n");
    openssl("x509", "-req", "-sha256", "-days", "2", "-in", name + ".csr", "-CA", ca + ".pem",
        "-CAkey", ca + ".key", "-CAcreateserial", "-out", name + ".pem", "-extfile", name + ".ext");
    openssl("pkcs12", "-export", "-in", name + ".pem", "-inkey", name + ".key",
        "-certfile", ca + ".pem", "-name", name, "-out", name + ".p12",
        "-passout", "pass:" + password);
    return dir.resolve(name + ".p12");
  }

  private void openssl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }
}
