package io.marketwire.backtest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.marketwire.quotes.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The reports on disk, one folder per backtest id under {@code marketwire.backtest.report-directory}:
 * {@code report.json}, {@code report.txt} and {@code equity.html}. The command writes them; the
 * REST routes (routes/backtest/api) read the last ones back for the dashboard.
 */
public final class BacktestReports {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern ID = Pattern.compile("[0-9a-f]{1,64}");

  private final Path directory;
  private final int keep;

  /** @param keep how many of the latest runs {@link #latest()} lists */
  public BacktestReports(Path directory, int keep) {
    this.directory = directory;
    this.keep = keep;
  }

  /** Writes the report's three files; returns its folder. */
  public Path write(Map<String, Object> report) throws IOException {
    Path folder = directory.resolve((String) report.get("id"));
    Files.createDirectories(folder);
    Files.write(folder.resolve("report.json"), json(report));
    Files.writeString(folder.resolve("report.txt"), ReportTable.render(report), StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("equity.html"), EquityChart.html(report), StandardCharsets.UTF_8);
    return folder;
  }

  /** The report as the command writes it: indented JSON, key order as built, newline at the end. */
  public static byte[] json(Map<String, Object> report) throws IOException {
    return (JSON.writeValueAsString(report) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** The latest runs, newest first: id, range and each variant's totals and equity curve. */
  public List<Map<String, Object>> latest() throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    List<Path> files;
    try (Stream<Path> folders = Files.list(directory)) {
      files = folders.map(f -> f.resolve("report.json")).filter(Files::isRegularFile)
          .sorted(Comparator.comparing(BacktestReports::modified).reversed()).limit(keep).toList();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Path file : files) {
      Map<String, Object> report = read(file);
      Map<String, Object> summary = new LinkedHashMap<>();
      for (String key : List.of("id", "from", "to", "symbols", "ticks")) {
        summary.put(key, report.get(key));
      }
      summary.put("finishedAt", modified(file).toString());
      List<Object> runs = new ArrayList<>();
      for (Object o : (List<?>) report.get("runs")) {
        Map<?, ?> run = (Map<?, ?>) o;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variant", run.get("variant"));
        r.put("total", run.get("total"));
        r.put("equity", run.get("equity"));
        runs.add(r);
      }
      summary.put("runs", runs);
      out.add(summary);
    }
    return out;
  }

  /** One whole report; 404 for an id with none. */
  public Map<String, Object> get(String id) throws IOException {
    if (id == null || !ID.matcher(id).matches() || !Files.isRegularFile(directory.resolve(id).resolve("report.json"))) {
      throw new ApiException(404, "no backtest report " + id);
    }
    return read(directory.resolve(id).resolve("report.json"));
  }

  private static Map<String, Object> read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {});
  }

  private static java.nio.file.attribute.FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
