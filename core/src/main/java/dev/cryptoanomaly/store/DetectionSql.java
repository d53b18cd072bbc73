package dev.cryptoanomaly.store;

import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * The SQL of stream decisions and alert groups, portable across SQLite and PostgreSQL; the caller
 * owns the connection and the transaction.
 */
final class DetectionSql {
  static final String ANOMALY_COLUMNS =
      "open_time, model, model_version, first_hit, last_hit, hits, score, probability, severity,"
          + " explanation, detected_at";

  private static final int ROWS_PER_INSERT = 64;

  private DetectionSql() {}

  /** The SQL for each row count, made once: the statement cache is keyed by it. */
  private static final String[] INSERT_DECISIONS = new String[ROWS_PER_INSERT + 1];

  private static final String[] UPSERT_MARKS = new String[ROWS_PER_INSERT + 1];

  static {
    for (int rows = 1; rows <= ROWS_PER_INSERT; rows++) {
      INSERT_DECISIONS[rows] = insertDecisions(rows);
      UPSERT_MARKS[rows] = upsertMarks(rows);
    }
  }

  private static String insertDecisions(int rows) {
    return "INSERT INTO decisions (series_id, model, model_version, open_time, score,"
        + " probability, hit, exclusion, alert, published_at, decided_at) VALUES "
        + String.join(",", Collections.nCopies(rows, "(?,?,?,?,?,?,?,?,?,?,?)"))
        + " ON CONFLICT DO NOTHING";
  }

  /** Moves each series' mark forward only: a late redelivery never moves it back. */
  private static String upsertMarks(int rows) {
    return "INSERT INTO decision_marks (series_id, model, model_version, last_open_time) VALUES "
        + String.join(",", Collections.nCopies(rows, "(?,?,?,?)"))
        + " ON CONFLICT (series_id, model, model_version) DO UPDATE"
        + " SET last_open_time = excluded.last_open_time"
        + " WHERE excluded.last_open_time > decision_marks.last_open_time";
  }

  /** Binds row {@code row}'s parameters from {@code at + 1} on. */
  @FunctionalInterface
  private interface RowBinder {
    void bind(PreparedStatement ps, int at, int row) throws SQLException;
  }

  /**
   * Runs a many-rows statement ({@code sql} makes it for a row count) over rows 0 to {@code rows} -
   * 1, in chunks of {@link #ROWS_PER_INSERT}: per-row statement execution, not SQL, dominated the
   * write.
   */
  private static void inChunks(
      StatementCache statements, IntFunction<String> sql, int width, int rows, RowBinder binder)
      throws SQLException {
    for (int first = 0; first < rows; first += ROWS_PER_INSERT) {
      int last = Math.min(rows, first + ROWS_PER_INSERT);
      PreparedStatement ps = statements.get(sql.apply(last - first));
      for (int row = first, at = 0; row < last; row++, at += width) {
        binder.bind(ps, at, row);
      }
      ps.executeUpdate();
    }
  }

  private static final String DELETE_GROUP =
      "DELETE FROM anomalies WHERE series_id = ? AND model = ? AND model_version = ?"
          + " AND first_hit = ?";

  private static final String INSERT_GROUP =
      "INSERT INTO anomalies (series_id, "
          + ANOMALY_COLUMNS
          + ", alert_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";

  /**
   * The positions of {@code decisions} (in series order) sorted by open time, ties kept in series
   * order: the decisions key's order after model and version. In that order each row lands at the
   * end of the index instead of inside a page, which SQLite appends without splitting (a batch in
   * arrival order wrote at about half the rate). Two primitive sorts: a comparator sort of the rows
   * was a tenth of the writer's time.
   */
  private static int[] keyOrder(StoredDecision[] decisions) {
    int n = decisions.length;
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = decisions[i].openTime();
    }
    long[] distinct = times.clone();
    Arrays.sort(distinct);
    int d = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || distinct[i] != distinct[d - 1]) {
        distinct[d++] = distinct[i];
      }
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = (long) Arrays.binarySearch(distinct, 0, d, times[i]) << 32 | i;
    }
    Arrays.sort(keys);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = (int) keys[i];
    }
    return order;
  }

  /** A resolved series id and its part of a batch. */
  record Part(long seriesId, SeriesDetections detections) {}

  static void write(StatementCache statements, String model, int version, List<Part> parts)
      throws SQLException {
    List<Part> bySeries = new ArrayList<>(parts);
    bySeries.sort(Comparator.comparingLong(Part::seriesId));
    int n = 0;
    for (Part p : bySeries) {
      n += p.detections().decisions().size();
    }
    long[] seriesIds = new long[n];
    StoredDecision[] decisions = new StoredDecision[n];
    // One mark per series (PostgreSQL refuses to upsert a row twice in one statement): after the
    // sort, parts of the same series are neighbours.
    long[] markSeries = new long[bySeries.size()];
    long[] markTimes = new long[bySeries.size()];
    int marks = 0;
    int at = 0;
    for (Part p : bySeries) {
      for (StoredDecision d : p.detections().decisions()) {
        seriesIds[at] = p.seriesId();
        decisions[at++] = d;
        if (marks > 0 && markSeries[marks - 1] == p.seriesId()) {
          markTimes[marks - 1] = Math.max(markTimes[marks - 1], d.openTime());
        } else {
          markSeries[marks] = p.seriesId();
          markTimes[marks++] = d.openTime();
        }
      }
    }
    int[] order = keyOrder(decisions);
    int markCount = marks;
    inChunks(
        statements,
        rows -> INSERT_DECISIONS[rows],
        11,
        n,
        (ps, p, row) -> {
          StoredDecision d = decisions[order[row]];
          ps.setLong(p + 1, seriesIds[order[row]]);
          ps.setString(p + 2, model);
          ps.setInt(p + 3, version);
          ps.setLong(p + 4, d.openTime());
          setDouble(ps, p + 5, d.score());
          setDouble(ps, p + 6, d.probability());
          ps.setBoolean(p + 7, d.hit());
          ps.setString(p + 8, d.exclusion());
          ps.setString(p + 9, d.alert() == null ? null : d.alert().id());
          if (d.publishedAtMicros() < 0) {
            ps.setNull(p + 10, Types.BIGINT);
          } else {
            ps.setLong(p + 10, d.publishedAtMicros());
          }
          ps.setLong(p + 11, d.decidedAtMicros());
        });
    inChunks(
        statements,
        rows -> UPSERT_MARKS[rows],
        4,
        markCount,
        (ps, p, row) -> {
          ps.setLong(p + 1, markSeries[row]);
          ps.setString(p + 2, model);
          ps.setInt(p + 3, version);
          ps.setLong(p + 4, markTimes[row]);
        });
    PreparedStatement del = statements.get(DELETE_GROUP);
    PreparedStatement ins = statements.get(INSERT_GROUP);
    for (Part p : parts) {
      for (StoredAnomaly a : p.detections().groups()) {
        del.setLong(1, p.seriesId());
        del.setString(2, model);
        del.setInt(3, version);
        del.setLong(4, a.firstHit());
        del.executeUpdate();
        ins.setLong(1, p.seriesId());
        ins.setLong(2, a.openTime());
        ins.setString(3, model);
        ins.setInt(4, version);
        ins.setLong(5, a.firstHit());
        ins.setLong(6, a.lastHit());
        ins.setInt(7, a.hits());
        ins.setDouble(8, a.score());
        ins.setDouble(9, a.probability());
        ins.setString(10, a.severity().id());
        ins.setString(11, a.explanationJson());
        ins.setLong(12, a.detectedAt());
        ins.setString(
            13,
            dev.cryptoanomaly.alert.AlertIds.alert(
                p.detections().series(), model, version, a.firstHit()));
        ins.executeUpdate();
      }
    }
  }

  static OptionalLong lastDecision(Connection c, long seriesId, String model, int version)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT last_open_time FROM decision_marks WHERE series_id = ? AND model = ?"
                + " AND model_version = ?")) {
      ps.setLong(1, seriesId);
      ps.setString(2, model);
      ps.setInt(3, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  static List<StoredDecision> decisions(
      Connection c, long seriesId, String model, int version, long from, long to)
      throws SQLException {
    List<StoredDecision> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT open_time, score, probability, hit, exclusion, alert, published_at,"
                + " decided_at FROM decisions WHERE series_id = ? AND model = ?"
                + " AND model_version = ? AND open_time >= ? AND open_time < ? ORDER BY open_time")) {
      ps.setLong(1, seriesId);
      ps.setString(2, model);
      ps.setInt(3, version);
      ps.setLong(4, from);
      ps.setLong(5, to);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          double score = rs.getDouble(2);
          if (rs.wasNull()) {
            score = Double.NaN;
          }
          double p = rs.getDouble(3);
          if (rs.wasNull()) {
            p = Double.NaN;
          }
          boolean hit = rs.getBoolean(4);
          String exclusion = rs.getString(5);
          String alertId = rs.getString(6);
          Severity alert = alertId == null ? null : Severity.parse(alertId);
          long published = rs.getLong(7);
          if (rs.wasNull()) {
            published = -1;
          }
          out.add(
              new StoredDecision(
                  rs.getLong(1), score, p, hit, exclusion, alert, published, rs.getLong(8)));
        }
      }
    }
    return out;
  }

  static Optional<StoredAnomaly> latestAnomaly(
      Connection c, long seriesId, String model, int version) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + ANOMALY_COLUMNS
                + " FROM anomalies WHERE series_id = ? AND model = ? AND model_version = ?"
                + " ORDER BY first_hit DESC LIMIT 1")) {
      ps.setLong(1, seriesId);
      ps.setString(2, model);
      ps.setInt(3, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(anomaly(rs, 1)) : Optional.empty();
      }
    }
  }

  static final String WITH_SERIES =
      "SELECT s.market, s.symbol, s.interval, a.open_time, a.model, a.model_version,"
          + " a.first_hit, a.last_hit, a.hits, a.score, a.probability, a.severity,"
          + " a.explanation, a.detected_at FROM anomalies a JOIN series s ON s.id = a.series_id";

  static List<SeriesAnomaly> detectedAfter(Connection c, long detectedAfter, int limit)
      throws SQLException {
    return withSeries(
        c,
        WITH_SERIES
            + " WHERE a.detected_at > ? ORDER BY a.detected_at, a.open_time, s.symbol LIMIT ?",
        detectedAfter,
        limit);
  }

  /** The {@code limit} latest by detection time, oldest first (same order as above). */
  static List<SeriesAnomaly> latest(Connection c, int limit) throws SQLException {
    List<SeriesAnomaly> newestFirst =
        withSeries(
            c,
            WITH_SERIES
                + " WHERE a.detected_at > ?"
                + " ORDER BY a.detected_at DESC, a.open_time DESC, s.symbol DESC"
                + " LIMIT ?",
            Long.MIN_VALUE,
            limit);
    return newestFirst.reversed();
  }

  /** The alerts a query asks for, the newest candle first. */
  /**
   * @param alertIds only these alerts (the members of the incidents asked for), or null for any
   */
  static List<SeriesAnomaly> alerts(Connection c, AlertQuery q, java.util.Set<String> alertIds)
      throws SQLException {
    StringBuilder sql = new StringBuilder(WITH_SERIES).append(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (alertIds != null) {
      if (alertIds.isEmpty()) {
        return List.of();
      }
      sql.append(" AND a.alert_id IN (").append(marks(alertIds.size())).append(")");
      alertIds.stream().sorted().forEach(args::add);
    }
    if (q.triaged() != null) {
      if (q.triaged().state() == null) {
        sql.append(
            " AND (a.alert_id IS NULL OR NOT EXISTS (SELECT 1 FROM triage t WHERE t.target ="
                + " a.alert_id))");
      } else {
        // The latest verdict is the state: history rows are kept, never overwritten.
        sql.append(
            " AND (SELECT t.state FROM triage t WHERE t.target = a.alert_id ORDER BY t.id DESC"
                + " LIMIT 1) = ?");
        args.add(q.triaged().state().id());
      }
    }
    if (q.market() != null) {
      sql.append(" AND s.market = ?");
      args.add(q.market().cliName());
    }
    if (!q.symbols().isEmpty()) {
      sql.append(" AND s.symbol IN (").append(marks(q.symbols().size())).append(")");
      args.addAll(q.symbols());
    }
    if (q.interval() != null) {
      sql.append(" AND s.interval = ?");
      args.add(q.interval().archiveName());
    }
    if (q.atLeast() != null) {
      List<String> severities = new ArrayList<>();
      for (dev.cryptoanomaly.alert.Severity v : dev.cryptoanomaly.alert.Severity.values()) {
        if (v.compareTo(q.atLeast()) >= 0) {
          severities.add(v.id());
        }
      }
      sql.append(" AND a.severity IN (").append(marks(severities.size())).append(")");
      args.addAll(severities);
    }
    if (q.modelName() != null) {
      sql.append(" AND a.model = ?");
      args.add(q.modelName());
      if (q.modelVersion() != null) {
        sql.append(" AND a.model_version = ?");
        args.add(q.modelVersion());
      }
    }
    if (!q.sources().isEmpty()) {
      sql.append(
              " AND EXISTS (SELECT 1 FROM provenance p WHERE p.market = s.market AND p.symbol ="
                  + " s.symbol AND p.interval = s.interval AND p.kind IN (")
          .append(marks(q.sources().size()))
          .append("))");
      q.sources().stream().map(Enum::name).sorted().forEach(args::add);
    }
    if (q.from() != null) {
      sql.append(" AND a.open_time >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      sql.append(" AND a.open_time < ?");
      args.add(q.to());
    }
    sql.append(" ORDER BY a.open_time DESC, s.symbol, a.model, a.model_version LIMIT ?");
    args.add(q.limit());
    return withSeries(c, sql.toString(), args);
  }

  private static String marks(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  private static List<SeriesAnomaly> withSeries(
      Connection c, String sql, long detectedAfter, int limit) throws SQLException {
    return withSeries(c, sql, List.of(detectedAfter, limit));
  }

  /** Runs a {@link #WITH_SERIES} query with its arguments in order. */
  private static List<SeriesAnomaly> withSeries(Connection c, String sql, List<Object> args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      return readWithSeries(ps);
    }
  }

  /** Runs a bound {@link #WITH_SERIES} statement. */
  static List<SeriesAnomaly> readWithSeries(PreparedStatement ps) throws SQLException {
    List<SeriesAnomaly> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SeriesKey key =
            new SeriesKey(
                Market.parse(rs.getString(1)), rs.getString(2), Interval.parse(rs.getString(3)));
        out.add(new SeriesAnomaly(key, anomaly(rs, 4)));
      }
    }
    return out;
  }

  /** Reads the {@link #ANOMALY_COLUMNS} starting at column {@code first}. */
  static StoredAnomaly anomaly(ResultSet rs, int first) throws SQLException {
    int i = first;
    return new StoredAnomaly(
        rs.getLong(i),
        rs.getString(i + 1),
        rs.getInt(i + 2),
        rs.getLong(i + 3),
        rs.getLong(i + 4),
        rs.getInt(i + 5),
        rs.getDouble(i + 6),
        rs.getDouble(i + 7),
        Severity.parse(rs.getString(i + 8)),
        rs.getString(i + 9),
        rs.getLong(i + 10));
  }

  private static void setDouble(PreparedStatement ps, int index, double v) throws SQLException {
    if (Double.isNaN(v)) {
      ps.setNull(index, Types.DOUBLE);
    } else {
      ps.setDouble(index, v);
    }
  }
}
