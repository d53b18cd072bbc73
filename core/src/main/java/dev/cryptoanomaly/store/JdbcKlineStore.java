package dev.cryptoanomaly.store;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * What the SQL backends share: the schema's queries are portable between SQLite and PostgreSQL
 * ({@code ON CONFLICT ... DO UPDATE} in both), so only opening, migrating and the bulk candle
 * upsert differ. One connection per store, used by one thread at a time.
 */
public abstract class JdbcKlineStore implements KlineStore {
  protected static final int BATCH = 8192;

  /** What else the store keeps per series, dropped with its candles. */
  private static final List<String> SERIES_TABLES =
      List.of("features", "anomalies", "decisions", "decision_marks");

  protected final Connection connection;
  private final String where;
  private final Map<SeriesKey, Long> seriesIds = new HashMap<>();
  private final StatementCache statements;
  private final CoverageLedger ledger;
  private boolean ledgerComplete;

  /**
   * @param where what the store is, for messages: a file path or a database and host, never a
   *     password
   */
  protected JdbcKlineStore(Connection connection, String where) {
    this.connection = connection;
    this.where = where;
    this.statements = new StatementCache(connection);
    this.ledger = new CoverageLedger(connection);
  }

  @Override
  public synchronized long write(SeriesKey series, List<Kline> klines, Provenance provenance) {
    return inTransaction(
        () -> {
          long id = seriesId(series, true);
          if (!klines.isEmpty()) {
            lockSeries(id);
            CoverageLedger.Pending pending = ledger.before(id, klines);
            upsertKlines(id, klines);
            ledger.after(pending, series.interval());
          }
          if (provenance != null) {
            upsertProvenance(provenance);
          }
          return (long) klines.size();
        });
  }

  /**
   * Holds off other writers of the same series until the current transaction ends, so that two
   * processes cannot interleave their coverage bookkeeping; a backend whose writers already run one
   * at a time (SQLite's {@code BEGIN IMMEDIATE}) need not.
   */
  protected void lockSeries(long seriesId) throws SQLException {}

  /**
   * Upserts candles of one series inside the current transaction; the last of an open time wins.
   */
  protected abstract void upsertKlines(long seriesId, List<Kline> klines) throws SQLException;

  @Override
  public synchronized void record(Provenance provenance) {
    inTransaction(
        () -> {
          upsertProvenance(provenance);
          return 0L;
        });
  }

  private void upsertProvenance(Provenance p) throws SQLException {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "INSERT INTO provenance (source, kind, market, symbol, interval, period_start,"
                + " period_end, status, checksum, rows, bad_rows, gaps, detail, recorded_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (source) DO UPDATE SET"
                + " kind=excluded.kind, period_start=excluded.period_start,"
                + " period_end=excluded.period_end, status=excluded.status,"
                + " checksum=excluded.checksum, rows=excluded.rows, bad_rows=excluded.bad_rows,"
                + " gaps=excluded.gaps, detail=excluded.detail, recorded_at=excluded.recorded_at")) {
      ps.setString(1, p.source());
      ps.setString(2, p.kind().name());
      ps.setString(3, p.series().market().cliName());
      ps.setString(4, p.series().symbol());
      ps.setString(5, p.series().interval().archiveName());
      ps.setLong(6, p.periodStart());
      ps.setLong(7, p.periodEnd());
      ps.setString(8, p.status().name());
      ps.setString(9, p.checksum());
      ps.setLong(10, p.rows());
      ps.setLong(11, p.badRows());
      ps.setLong(12, p.gaps());
      ps.setString(13, p.detail());
      ps.setLong(14, p.recordedAt());
      ps.executeUpdate();
    }
  }

  @Override
  public synchronized Optional<Provenance> provenance(String source) {
    return query(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement("SELECT * FROM provenance WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(provenanceRow(rs)) : Optional.<Provenance>empty();
            }
          }
        });
  }

  @Override
  public synchronized List<Provenance> provenance(SeriesKey series) {
    return query(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT * FROM provenance WHERE market = ? AND symbol = ? AND interval = ?"
                      + " ORDER BY period_start, source")) {
            bindSeries(ps, series);
            List<Provenance> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(provenanceRow(rs));
              }
            }
            return out;
          }
        });
  }

  private static void bindSeries(PreparedStatement ps, SeriesKey series) throws SQLException {
    ps.setString(1, series.market().cliName());
    ps.setString(2, series.symbol());
    ps.setString(3, series.interval().archiveName());
  }

  private static Provenance provenanceRow(ResultSet rs) throws SQLException {
    return new Provenance(
        rs.getString("source"),
        Provenance.Kind.valueOf(rs.getString("kind")),
        new SeriesKey(
            Market.parse(rs.getString("market")),
            rs.getString("symbol"),
            Interval.parse(rs.getString("interval"))),
        rs.getLong("period_start"),
        rs.getLong("period_end"),
        Provenance.Status.valueOf(rs.getString("status")),
        rs.getString("checksum"),
        rs.getLong("rows"),
        rs.getLong("bad_rows"),
        rs.getLong("gaps"),
        rs.getString("detail"),
        rs.getLong("recorded_at"));
  }

  @Override
  public synchronized List<SeriesKey> series() {
    return query(
        () -> {
          List<SeriesKey> out = new ArrayList<>();
          try (PreparedStatement ps =
                  connection.prepareStatement(
                      "SELECT market, symbol, interval FROM series s WHERE EXISTS"
                          + " (SELECT 1 FROM klines k WHERE k.series_id = s.id)"
                          + " ORDER BY market, symbol, interval");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new SeriesKey(
                      Market.parse(rs.getString(1)),
                      rs.getString(2),
                      Interval.parse(rs.getString(3))));
            }
          }
          return out;
        });
  }

  @Override
  public synchronized long count(SeriesKey series) {
    return scalar(series, "SELECT COUNT(*) FROM klines WHERE series_id = ?").orElse(0);
  }

  @Override
  public synchronized OptionalLong firstOpenTime(SeriesKey series) {
    return scalar(series, "SELECT MIN(open_time) FROM klines WHERE series_id = ?");
  }

  @Override
  public synchronized OptionalLong lastOpenTime(SeriesKey series) {
    return scalar(series, "SELECT MAX(open_time) FROM klines WHERE series_id = ?");
  }

  private OptionalLong scalar(SeriesKey series, String sql) {
    return query(
        () -> {
          long id = seriesId(series, false);
          if (id < 0) {
            return OptionalLong.empty();
          }
          try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              long v = rs.getLong(1);
              return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
            }
          }
        });
  }

  @Override
  public synchronized List<Kline> read(SeriesKey series, long from, long to) {
    return query(
        () -> {
          long id = seriesId(series, false);
          List<Kline> out = new ArrayList<>();
          if (id < 0) {
            return out;
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT open_time, open, high, low, close, volume, close_time, quote_volume,"
                      + " trades, taker_buy_base, taker_buy_quote FROM klines"
                      + " WHERE series_id = ? AND open_time >= ? AND open_time < ?"
                      + " ORDER BY open_time")) {
            ps.setLong(1, id);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Kline(
                        rs.getLong(1),
                        rs.getDouble(2),
                        rs.getDouble(3),
                        rs.getDouble(4),
                        rs.getDouble(5),
                        rs.getDouble(6),
                        rs.getLong(7),
                        rs.getDouble(8),
                        rs.getLong(9),
                        rs.getDouble(10),
                        rs.getDouble(11)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public synchronized void forEachOpenTime(SeriesKey series, LongConsumer visitor) {
    query(
        () -> {
          long id = seriesId(series, false);
          if (id < 0) {
            return null;
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT open_time FROM klines WHERE series_id = ? ORDER BY open_time")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                visitor.accept(rs.getLong(1));
              }
            }
          }
          return null;
        });
  }

  @Override
  public synchronized long writeFeatures(SeriesKey series, FeatureRows rows) {
    return inTransaction(
        () -> {
          long seriesId = seriesId(series, true);
          long setId = featureSetId(rows.featureSet(), true);
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO features (series_id, feature_set_id, open_time, exclusion, vals)"
                      + " VALUES (?,?,?,?,?) ON CONFLICT (series_id, feature_set_id, open_time)"
                      + " DO UPDATE SET exclusion = excluded.exclusion, vals = excluded.vals")) {
            int pending = 0;
            for (FeatureRows.Row r : rows.rows()) {
              ps.setLong(1, seriesId);
              ps.setLong(2, setId);
              ps.setLong(3, r.openTime());
              ps.setString(4, r.exclusion());
              ps.setBytes(5, FeatureBlobs.encode(r.values()));
              ps.addBatch();
              if (++pending == BATCH) {
                ps.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              ps.executeBatch();
            }
          }
          return (long) rows.rows().size();
        });
  }

  @Override
  public synchronized FeatureRows readFeatures(
      SeriesKey series, String featureSet, int width, long from, long to) {
    return query(
        () -> {
          List<FeatureRows.Row> out = new ArrayList<>();
          long seriesId = seriesId(series, false);
          long setId = featureSetId(featureSet, false);
          if (seriesId >= 0 && setId >= 0) {
            try (PreparedStatement ps =
                connection.prepareStatement(
                    "SELECT open_time, exclusion, vals FROM features WHERE series_id = ? AND"
                        + " feature_set_id = ? AND open_time >= ? AND open_time < ?"
                        + " ORDER BY open_time")) {
              ps.setLong(1, seriesId);
              ps.setLong(2, setId);
              ps.setLong(3, from);
              ps.setLong(4, to);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  out.add(
                      new FeatureRows.Row(
                          rs.getLong(1),
                          FeatureBlobs.decode(rs.getBytes(3), width),
                          rs.getString(2)));
                }
              }
            }
          }
          return new FeatureRows(featureSet, width, out);
        });
  }

  @Override
  public synchronized void replaceAnomalies(
      SeriesKey series, String model, int version, long from, long to, List<StoredAnomaly> found) {
    inTransaction(
        () -> {
          long id = seriesId(series, true);
          try (PreparedStatement del =
              connection.prepareStatement(
                  "DELETE FROM anomalies WHERE series_id = ? AND model = ? AND model_version = ?"
                      + " AND open_time >= ? AND open_time < ?")) {
            del.setLong(1, id);
            del.setString(2, model);
            del.setInt(3, version);
            del.setLong(4, from);
            del.setLong(5, to);
            del.executeUpdate();
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO anomalies (series_id, model, model_version, open_time, first_hit,"
                      + " last_hit, hits, score, probability, severity, explanation, detected_at,"
                      + " alert_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (series_id, model,"
                      + " model_version, open_time) DO UPDATE SET first_hit = excluded.first_hit,"
                      + " last_hit = excluded.last_hit, hits = excluded.hits, score ="
                      + " excluded.score, probability = excluded.probability, severity ="
                      + " excluded.severity, explanation = excluded.explanation, detected_at ="
                      + " excluded.detected_at, alert_id = excluded.alert_id")) {
            for (StoredAnomaly a : found) {
              ps.setLong(1, id);
              ps.setString(2, model);
              ps.setInt(3, version);
              ps.setLong(4, a.openTime());
              ps.setLong(5, a.firstHit());
              ps.setLong(6, a.lastHit());
              ps.setInt(7, a.hits());
              ps.setDouble(8, a.score());
              ps.setDouble(9, a.probability());
              ps.setString(10, a.severity().id());
              ps.setString(11, a.explanationJson());
              ps.setLong(12, a.detectedAt());
              ps.setString(
                  13, dev.cryptoanomaly.alert.AlertIds.alert(series, model, version, a.firstHit()));
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return 0L;
        });
  }

  @Override
  public synchronized List<StoredAnomaly> anomalies(SeriesKey series, long from, long to) {
    return query(
        () -> {
          List<StoredAnomaly> out = new ArrayList<>();
          long id = seriesId(series, false);
          if (id < 0) {
            return out;
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT "
                      + DetectionSql.ANOMALY_COLUMNS
                      + " FROM anomalies WHERE series_id = ? AND open_time >= ? AND open_time < ?"
                      + " ORDER BY open_time, model, model_version")) {
            ps.setLong(1, id);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(DetectionSql.anomaly(rs, 1));
              }
            }
          }
          return out;
        });
  }

  @Override
  public synchronized void writeDetections(
      String model, int version, List<SeriesDetections> batch) {
    inTransaction(
        () -> {
          List<DetectionSql.Part> parts = new ArrayList<>(batch.size());
          for (SeriesDetections d : batch) {
            parts.add(new DetectionSql.Part(seriesId(d.series(), true), d));
          }
          DetectionSql.write(statements, model, version, parts);
          return 0L;
        });
  }

  @Override
  public synchronized OptionalLong lastDecision(SeriesKey series, String model, int version) {
    return query(
        () -> {
          long id = seriesId(series, false);
          return id < 0
              ? OptionalLong.empty()
              : DetectionSql.lastDecision(connection, id, model, version);
        });
  }

  @Override
  public synchronized List<StoredDecision> decisions(
      SeriesKey series, String model, int version, long from, long to) {
    return query(
        () -> {
          long id = seriesId(series, false);
          return id < 0
              ? List.of()
              : DetectionSql.decisions(connection, id, model, version, from, to);
        });
  }

  @Override
  public synchronized Optional<StoredAnomaly> latestAnomaly(
      SeriesKey series, String model, int version) {
    return query(
        () -> {
          long id = seriesId(series, false);
          return id < 0
              ? Optional.empty()
              : DetectionSql.latestAnomaly(connection, id, model, version);
        });
  }

  @Override
  public synchronized List<SeriesAnomaly> anomaliesDetectedAfter(long detectedAfter, int limit) {
    return query(() -> DetectionSql.detectedAfter(connection, detectedAfter, limit));
  }

  @Override
  public synchronized List<SeriesAnomaly> alerts(AlertQuery query) {
    if (!query.asksIncidentsOrTriage()) {
      return query(() -> DetectionSql.alerts(connection, query, null));
    }
    fillAlertIds();
    java.util.Set<String> members = null;
    if (query.incident() != null || query.scope() != null) {
      members = new java.util.HashSet<>();
      List<dev.cryptoanomaly.alert.Incident> incidents =
          query.incident() != null
              ? query(() -> IncidentSql.byId(connection, query.incident())).stream().toList()
              : query(
                  () ->
                      IncidentSql.query(
                          connection,
                          new IncidentQuery(
                              query.market(),
                              query.interval(),
                              query.modelName(),
                              query.scope(),
                              null,
                              query.from(),
                              query.to(),
                              MEMBERS_SCANNED)));
      for (dev.cryptoanomaly.alert.Incident i : incidents) {
        if (query.scope() == null || i.scope() == query.scope()) {
          for (dev.cryptoanomaly.alert.IncidentMember m : i.members()) {
            members.add(m.alertId());
          }
        }
      }
    }
    java.util.Set<String> ids = members;
    return query(() -> DetectionSql.alerts(connection, query, ids));
  }

  @Override
  public synchronized List<SeriesAnomaly> latestAnomalies(int limit) {
    return query(() -> DetectionSql.latest(connection, limit));
  }

  @Override
  public synchronized java.util.Set<String> announced(java.util.Collection<String> keys) {
    if (keys.isEmpty()) {
      return java.util.Set.of();
    }
    return query(
        () -> {
          java.util.Set<String> found = new java.util.HashSet<>();
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT alert_key FROM announcements WHERE alert_key = ?")) {
            for (String key : new java.util.LinkedHashSet<>(keys)) {
              ps.setString(1, key);
              try (var rs = ps.executeQuery()) {
                if (rs.next()) {
                  found.add(key);
                }
              }
            }
          }
          return found;
        });
  }

  @Override
  public synchronized void markAnnounced(java.util.Collection<String> keys, long atMillis) {
    if (keys.isEmpty()) {
      return;
    }
    inTransaction(
        () -> {
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "INSERT INTO announcements (alert_key, announced_at) VALUES (?, ?)"
                      + " ON CONFLICT (alert_key) DO NOTHING")) {
            for (String key : keys) {
              ps.setString(1, key);
              ps.setLong(2, atMillis);
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public synchronized List<dev.cryptoanomaly.alert.IncidentMember> incidentMembers(
      dev.cryptoanomaly.alert.IncidentSource source, long from, long to) {
    return query(() -> IncidentSql.members(statements, source, from, to));
  }

  @Override
  public synchronized List<SeriesAnomaly> sourceAlerts(
      dev.cryptoanomaly.alert.IncidentSource source, long from, long to) {
    return query(() -> IncidentSql.sourceAlerts(connection, source, from, to));
  }

  @Override
  public synchronized List<dev.cryptoanomaly.alert.Incident> incidents(
      dev.cryptoanomaly.alert.IncidentSource source, long from, long to) {
    return query(() -> IncidentSql.overlapping(connection, source, from, to));
  }

  @Override
  public synchronized void replaceIncidents(
      List<dev.cryptoanomaly.alert.Incident> old, List<dev.cryptoanomaly.alert.Incident> fresh) {
    inTransaction(
        () -> {
          IncidentSql.replace(connection, old, fresh);
          return 0L;
        });
  }

  @Override
  public synchronized List<dev.cryptoanomaly.alert.Incident> incidents(IncidentQuery q) {
    return query(() -> IncidentSql.query(connection, q));
  }

  @Override
  public synchronized Optional<dev.cryptoanomaly.alert.Incident> incident(String id) {
    return query(() -> IncidentSql.byId(connection, id));
  }

  private boolean alertIdsFilled;

  /** The most incidents whose members an alert query by scope reads. */
  private static final int MEMBERS_SCANNED = 100_000;

  /** Gives alerts stored before alert ids existed theirs, once per store opened. */
  private void fillAlertIds() {
    if (!alertIdsFilled) {
      inTransaction(
          () -> {
            IncidentSql.fillAlertIds(connection);
            return 0L;
          });
      alertIdsFilled = true;
    }
  }

  @Override
  public synchronized Optional<SeriesAnomaly> alert(String id) {
    fillAlertIds();
    return query(() -> IncidentSql.alertById(connection, id));
  }

  @Override
  public synchronized void addTriage(dev.cryptoanomaly.alert.TriageEntry entry) {
    inTransaction(
        () -> {
          IncidentSql.addTriage(connection, entry);
          return 0L;
        });
  }

  @Override
  public synchronized List<dev.cryptoanomaly.alert.TriageEntry> triageHistory(String target) {
    return query(() -> IncidentSql.history(connection, target));
  }

  @Override
  public synchronized Map<String, dev.cryptoanomaly.alert.TriageEntry> triageStates() {
    return query(() -> IncidentSql.latestTriage(connection));
  }

  private long featureSetId(String key, boolean create) throws SQLException {
    if (create) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO feature_sets (key) VALUES (?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, key);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        connection.prepareStatement("SELECT id FROM feature_sets WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /** The interned id of a series; -1 when absent and {@code create} is false. */
  protected long seriesId(SeriesKey series, boolean create) throws SQLException {
    Long cached = seriesIds.get(series);
    if (cached != null) {
      return cached;
    }
    if (create) {
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO series (market, symbol, interval) VALUES (?,?,?)"
                  + " ON CONFLICT DO NOTHING")) {
        bindSeries(ps, series);
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT id FROM series WHERE market = ? AND symbol = ? AND interval = ?")) {
      bindSeries(ps, series);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return -1;
        }
        long id = rs.getLong(1);
        seriesIds.put(series, id);
        return id;
      }
    }
  }

  protected <T> T inTransaction(SqlWork<T> work) {
    return transaction(work, false);
  }

  /**
   * Coverage from the ledger the writes keep: a few rows per series however many candles it holds,
   * read in one consistent snapshot. A series written before the ledger existed is summarised
   * first, once.
   */
  @Override
  public synchronized List<SeriesCoverage> coverage() {
    summariseUnledgered();
    return inSnapshot(
        () -> {
          Map<Long, EnumSet<Provenance.Kind>> kinds = provenanceKinds();
          List<SeriesCoverage> out = new ArrayList<>();
          try (PreparedStatement ps =
                  connection.prepareStatement(
                      "SELECT s.id, s.market, s.symbol, s.interval, x.first_open_time,"
                          + " x.last_open_time, x.candles,"
                          + " (SELECT COUNT(*) FROM series_gaps g WHERE g.series_id = s.id),"
                          + " (SELECT COALESCE(SUM(g.missing), 0) FROM series_gaps g"
                          + " WHERE g.series_id = s.id)"
                          + " FROM series s JOIN series_summary x ON x.series_id = s.id"
                          + " ORDER BY s.market, s.symbol, s.interval");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new SeriesCoverage(
                      new SeriesKey(
                          Market.parse(rs.getString(2)),
                          rs.getString(3),
                          Interval.parse(rs.getString(4))),
                      rs.getLong(5),
                      rs.getLong(6),
                      rs.getLong(7),
                      rs.getLong(9),
                      rs.getInt(8),
                      kinds.getOrDefault(rs.getLong(1), EnumSet.noneOf(Provenance.Kind.class))));
            }
          }
          return out;
        });
  }

  /** The kinds of source in each series' ledger, by series id. */
  private Map<Long, EnumSet<Provenance.Kind>> provenanceKinds() throws SQLException {
    Map<Long, EnumSet<Provenance.Kind>> kinds = new HashMap<>();
    try (PreparedStatement ps =
            connection.prepareStatement(
                "SELECT DISTINCT s.id, p.kind FROM provenance p JOIN series s ON s.market ="
                    + " p.market AND s.symbol = p.symbol AND s.interval = p.interval");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        kinds
            .computeIfAbsent(rs.getLong(1), id -> EnumSet.noneOf(Provenance.Kind.class))
            .add(Provenance.Kind.valueOf(rs.getString(2)));
      }
    }
    return kinds;
  }

  /** Summarises, each in a transaction of its own, the series with candles but no ledger row. */
  private void summariseUnledgered() {
    if (ledgerComplete) {
      return; // every write since keeps it, in this process and any other of this version
    }
    Map<Long, Interval> missing =
        query(
            () -> {
              Map<Long, Interval> ids = new HashMap<>();
              try (PreparedStatement ps =
                      connection.prepareStatement(
                          "SELECT s.id, s.interval FROM series s WHERE NOT EXISTS (SELECT 1 FROM"
                              + " series_summary x WHERE x.series_id = s.id) AND EXISTS"
                              + " (SELECT 1 FROM klines k WHERE k.series_id = s.id)");
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  ids.put(rs.getLong(1), Interval.parse(rs.getString(2)));
                }
              }
              return ids;
            });
    missing.forEach(
        (id, interval) ->
            inTransaction(
                () -> {
                  lockSeries(id);
                  ledger.rebuild(id, interval);
                  return 0L;
                }));
    ledgerComplete = true;
  }

  /** The gaps of a series from the ledger, oldest first. */
  @Override
  public synchronized List<Gap> gaps(SeriesKey series) {
    summariseUnledgered();
    return query(
        () -> {
          long id = seriesId(series, false);
          List<Gap> out = new ArrayList<>();
          if (id < 0) {
            return out;
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "SELECT from_time, to_time, missing FROM series_gaps WHERE series_id = ?"
                      + " ORDER BY from_time")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(new Gap(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public synchronized long deleteSeries(SeriesKey series) {
    return inTransaction(
        () -> {
          long id = seriesId(series, false);
          if (id < 0) {
            return 0L;
          }
          lockSeries(id);
          long candles;
          try (PreparedStatement ps =
              connection.prepareStatement("DELETE FROM klines WHERE series_id = ?")) {
            ps.setLong(1, id);
            candles = ps.executeUpdate();
          }
          for (String table : SERIES_TABLES) {
            try (PreparedStatement ps =
                connection.prepareStatement("DELETE FROM " + table + " WHERE series_id = ?")) {
              ps.setLong(1, id);
              ps.executeUpdate();
            }
          }
          try (PreparedStatement ps =
              connection.prepareStatement(
                  "DELETE FROM provenance WHERE market = ? AND symbol = ? AND interval = ?")) {
            bindSeries(ps, series);
            ps.executeUpdate();
          }
          ledger.forget(id);
          return candles;
        });
  }

  /** Runs reads in one read-only transaction that sees one snapshot of the database. */
  protected <T> T inSnapshot(SqlWork<T> work) {
    return transaction(work, true);
  }

  /** One transaction: a write, or with {@code snapshot} a read of one consistent snapshot. */
  private <T> T transaction(SqlWork<T> work, boolean snapshot) {
    try {
      connection.setAutoCommit(false);
      if (snapshot) {
        beginSnapshot();
      }
      try {
        T result = work.run();
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        // A failed commit (a full disk) may leave no transaction to roll back; the first failure
        // is the one that names the cause, so the rollback's own failure only rides along.
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        seriesIds.clear(); // ids created in the rolled-back transaction are gone
        throw e;
      } finally {
        connection.setAutoCommit(true);
        if (snapshot) {
          endSnapshot();
        }
      }
    } catch (SQLException e) {
      String verb = snapshot ? "read from " : "write to ";
      throw new StoreException(verb + where + " failed: " + explain(e), e);
    }
  }

  /** What a failed statement or commit means, in words; the driver's message by default. */
  protected String explain(SQLException e) {
    return e.getMessage();
  }

  /**
   * Called after auto-commit is turned off and before the first read of a snapshot; a backend whose
   * default isolation does not give one snapshot per transaction raises it here.
   */
  protected void beginSnapshot() throws SQLException {}

  /** Undoes {@link #beginSnapshot()} once auto-commit is back on. */
  protected void endSnapshot() throws SQLException {}

  protected <T> T query(SqlWork<T> work) {
    try {
      return work.run();
    } catch (SQLException e) {
      throw new StoreException("read from " + where + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return where;
  }

  @Override
  public synchronized void close() {
    try {
      statements.close();
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("closing " + where + " failed: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  protected interface SqlWork<T> {
    T run() throws SQLException;
  }
}
