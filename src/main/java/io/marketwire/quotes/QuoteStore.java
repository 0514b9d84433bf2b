package io.marketwire.quotes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quote and alert history over JDBC: embedded SQLite by default ({@code jdbc:sqlite:FILE}, the
 * folder is created), PostgreSQL with a {@code jdbc:postgresql://} URL. The schema is created on
 * first use with SQL both accept. Inserts are idempotent (the stream entry id is the key and
 * {@code ON CONFLICT DO NOTHING}), so a redelivered entry is not stored twice.
 *
 * <p>One connection, opened on first use, calls serialised (SQLite has one writer anyway);
 * reopened once when a call fails on a broken connection. The password is never logged.
 */
public final class QuoteStore extends ServiceSupport {

  private static final Logger LOG = LoggerFactory.getLogger(QuoteStore.class);

  private static final String[] SCHEMA = {
    "CREATE TABLE IF NOT EXISTS quotes ("
        + " entry_id VARCHAR(64) PRIMARY KEY, symbol VARCHAR(16) NOT NULL,"
        + " price DOUBLE PRECISION NOT NULL, price_change DOUBLE PRECISION, change_percent DOUBLE PRECISION,"
        + " volume BIGINT NOT NULL, ts BIGINT NOT NULL, seq BIGINT)",
    "CREATE INDEX IF NOT EXISTS quotes_symbol_ts ON quotes (symbol, ts)",
    "CREATE TABLE IF NOT EXISTS alerts ("
        + " kind VARCHAR(32) NOT NULL, symbol VARCHAR(16) NOT NULL, source_id VARCHAR(96) NOT NULL,"
        + " price DOUBLE PRECISION NOT NULL, reference DOUBLE PRECISION NOT NULL,"
        + " value DOUBLE PRECISION NOT NULL, threshold DOUBLE PRECISION NOT NULL,"
        + " ts BIGINT NOT NULL, message VARCHAR(500) NOT NULL,"
        + " PRIMARY KEY (kind, symbol, source_id))",
    "CREATE INDEX IF NOT EXISTS alerts_ts ON alerts (ts)"
  };

  private final String url;
  private final String username;
  private final String password;
  private Connection connection;

  public QuoteStore(String url, String username, String password) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("marketwire.quotes.db.url must be a JDBC URL (jdbc:sqlite:FILE or jdbc:postgresql://...), was " + url);
    }
    this.url = url;
    this.username = username == null ? "" : username;
    this.password = password == null ? "" : password;
  }

  /** The URL without its query (which may hold credentials), for logs. */
  public String describe() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  /** Stores a quote (nothing when its entry was stored already). Void: a route's body stays the quote. */
  public void saveQuote(Quote q) {
    call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO quotes (entry_id, symbol, price, price_change, change_percent, volume, ts, seq)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, q.id());
        ps.setString(2, q.symbol());
        ps.setDouble(3, q.price());
        setNullable(ps, 4, q.change());
        setNullable(ps, 5, q.changePercent());
        ps.setLong(6, q.volume());
        ps.setLong(7, q.timestampMillis());
        if (q.seq() == null) {
          ps.setNull(8, java.sql.Types.BIGINT);
        } else {
          ps.setLong(8, q.seq());
        }
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** Stores an alert (nothing when it was stored already). Void: a route's body stays the alert. */
  public void saveAlert(Alert a) {
    call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO alerts (kind, symbol, source_id, price, reference, value, threshold, ts, message)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, a.kind().name());
        ps.setString(2, a.symbol());
        ps.setString(3, a.sourceId() == null ? "" : a.sourceId());
        ps.setDouble(4, a.price());
        ps.setDouble(5, a.reference());
        ps.setDouble(6, a.value());
        ps.setDouble(7, a.threshold());
        ps.setLong(8, a.timestampMillis());
        ps.setString(9, a.message().length() > 500 ? a.message().substring(0, 500) : a.message());
        return ps.executeUpdate() == 1;
      }
    });
  }

  /** The symbol's latest quote (by event time), or null. */
  public Quote latest(String symbol) {
    List<Quote> one = quotes("WHERE symbol = ? ORDER BY ts DESC, entry_id DESC LIMIT 1", symbol);
    return one.isEmpty() ? null : one.get(0);
  }

  /** The symbol's quotes with {@code from <= ts < to}, oldest first, at most {@code limit}. */
  public List<Quote> history(String symbol, long fromMillis, long toMillis, int limit) {
    return quotes("WHERE symbol = ? AND ts >= ? AND ts < ? ORDER BY ts, entry_id LIMIT ?", symbol, fromMillis, toMillis, limit);
  }

  /** How many quotes of the symbol are stored. */
  public long countQuotes(String symbol) {
    return call(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM quotes WHERE symbol = ?")) {
        ps.setString(1, symbol);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  /** The newest alerts first, optionally of one symbol and kind, at most {@code limit}. */
  public List<Alert> alerts(String symbol, String kind, int limit) {
    StringBuilder sql = new StringBuilder("SELECT kind, symbol, price, reference, value, threshold, ts, source_id, message FROM alerts WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (symbol != null) {
      sql.append(" AND symbol = ?");
      args.add(symbol);
    }
    if (kind != null) {
      sql.append(" AND kind = ?");
      args.add(kind);
    }
    sql.append(" ORDER BY ts DESC, source_id DESC LIMIT ?");
    args.add(limit);
    return call(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        bind(ps, args.toArray());
        List<Alert> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Alert(Alert.Kind.valueOf(rs.getString(1)), rs.getString(2), rs.getDouble(3), rs.getDouble(4),
                rs.getDouble(5), rs.getDouble(6), rs.getLong(7), rs.getString(8), rs.getString(9)));
          }
        }
        return out;
      }
    });
  }

  private List<Quote> quotes(String where, Object... args) {
    return call(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT entry_id, symbol, price, price_change, change_percent, volume, ts, seq FROM quotes " + where)) {
        bind(ps, args);
        List<Quote> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Quote(rs.getString(1), rs.getString(2), rs.getDouble(3), nullableDouble(rs, 4),
                nullableDouble(rs, 5), rs.getLong(6), rs.getLong(7), nullableLong(rs, 8)));
          }
        }
        return out;
      }
    });
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private synchronized <T> T call(Work<T> work) {
    try {
      return work.run(connection());
    } catch (SQLException first) {
      if (connection != null && !isValid(connection)) {
        LOG.warn("Quote history connection to {} broken ({}); reconnecting", describe(), first.getMessage());
        closeConnection();
        try {
          return work.run(connection());
        } catch (SQLException second) {
          throw new IllegalStateException("quote history " + describe() + ": " + second.getMessage(), second);
        }
      }
      throw new IllegalStateException("quote history " + describe() + ": " + first.getMessage(), first);
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties props = new Properties();
      if (!username.isEmpty()) {
        props.setProperty("user", username);
      }
      if (!password.isEmpty()) {
        props.setProperty("password", password);
      }
      if (url.startsWith("jdbc:sqlite:")) {
        createFolder(url.substring("jdbc:sqlite:".length()));
      }
      Connection c = DriverManager.getConnection(url, props);
      try (Statement st = c.createStatement()) {
        if (url.startsWith("jdbc:sqlite:")) {
          st.execute("PRAGMA journal_mode=WAL"); // readers (the API) don't block the writers
          st.execute("PRAGMA synchronous=NORMAL");
          st.execute("PRAGMA busy_timeout=5000"); // other processes (one per flow) share the file
        }
        for (String ddl : SCHEMA) {
          st.execute(ddl);
        }
      }
      connection = c;
      LOG.info("Quote history in {}", describe());
    }
    return connection;
  }

  private static void createFolder(String file) throws SQLException {
    int q = file.indexOf('?');
    String path = q < 0 ? file : file.substring(0, q);
    if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith("file:")) {
      return;
    }
    Path parent = Path.of(path).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new SQLException("cannot create the folder of " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isValid(Connection c) {
    try {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      ps.setObject(i + 1, args[i]);
    }
  }

  private static void setNullable(PreparedStatement ps, int index, Double value) throws SQLException {
    if (value == null) {
      ps.setNull(index, java.sql.Types.DOUBLE);
    } else {
      ps.setDouble(index, value);
    }
  }

  private static Double nullableDouble(ResultSet rs, int index) throws SQLException {
    double d = rs.getDouble(index);
    return rs.wasNull() ? null : d;
  }

  private static Long nullableLong(ResultSet rs, int index) throws SQLException {
    long l = rs.getLong(index);
    return rs.wasNull() ? null : l;
  }

  /** Counts, for the logs and tests. */
  public synchronized Map<String, Long> counts() {
    return call(c -> {
      Map<String, Long> out = new LinkedHashMap<>();
      try (Statement st = c.createStatement()) {
        for (String table : new String[] {"quotes", "alerts"}) {
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            out.put(table, rs.getLong(1));
          }
        }
      }
      return out;
    });
  }

  @Override
  protected void doStop() {
    closeConnection();
  }

  private synchronized void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("closing {}: {}", describe(), e.getMessage());
      }
      connection = null;
    }
  }
}
