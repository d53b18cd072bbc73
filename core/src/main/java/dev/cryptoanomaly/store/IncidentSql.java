package dev.cryptoanomaly.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.alert.AlertIds;
import dev.cryptoanomaly.alert.Incident;
import dev.cryptoanomaly.alert.IncidentMember;
import dev.cryptoanomaly.alert.IncidentScope;
import dev.cryptoanomaly.alert.IncidentSource;
import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.alert.TriageEntry;
import dev.cryptoanomaly.alert.TriageState;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of incidents, alert ids and triage, portable across SQLite and PostgreSQL; the caller
 * owns the connection and the transaction.
 */
final class IncidentSql {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<IncidentMember>> MEMBERS = new TypeReference<>() {};
  private static final String COLUMNS =
      "incident_id, market, interval, model, model_version, onset, last_hit, scope, watched,"
          + " members, updated_at";

  private IncidentSql() {}

  /** Restricts {@code a} (anomalies) to a source's alerts; binds from {@code at}. */
  private static String sourceFilter(IncidentSource source) {
    return source.family()
        ? " AND substr(a.model, 1, ?) = ?"
        : " AND a.model = ? AND a.model_version = ?";
  }

  private static int bindSource(PreparedStatement ps, int at, IncidentSource source)
      throws SQLException {
    if (source.family()) {
      ps.setInt(at, source.model().length() + 1);
      ps.setString(at + 1, source.model() + ".");
    } else {
      ps.setString(at, source.model());
      ps.setInt(at + 1, source.version());
    }
    return at + 2;
  }

  /** Alerts of a source whose span meets {@code [from, to]}. */
  static List<SeriesAnomaly> sourceAlerts(Connection c, IncidentSource source, long from, long to)
      throws SQLException {
    String sql =
        DetectionSql.WITH_SERIES
            + " WHERE s.market = ? AND s.interval = ?"
            + sourceFilter(source)
            + " AND a.last_hit >= ? AND a.first_hit <= ? ORDER BY a.first_hit, s.symbol";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, source.market().cliName());
      ps.setString(2, source.interval().archiveName());
      int at = bindSource(ps, 3, source);
      ps.setLong(at, from);
      ps.setLong(at + 1, to);
      return DetectionSql.readWithSeries(ps);
    }
  }

  /**
   * The alerts {@link #sourceAlerts} reads, as incident members: six columns and the alert id
   * instead of every column (an explanation is a JSON document), the id as stored (derived for a
   * row stored before ids were), on a statement prepared once.
   */
  static List<IncidentMember> members(
      StatementCache statements, IncidentSource source, long from, long to) throws SQLException {
    PreparedStatement ps =
        statements.get(
            "SELECT s.market, s.symbol, s.interval, a.model, a.model_version, a.first_hit,"
                + " a.last_hit, a.open_time, a.probability, a.severity, a.alert_id"
                + " FROM anomalies a JOIN series s ON s.id = a.series_id"
                + " WHERE s.market = ? AND s.interval = ?"
                + sourceFilter(source)
                + " AND a.last_hit >= ? AND a.first_hit <= ? ORDER BY a.first_hit, s.symbol");
    ps.setString(1, source.market().cliName());
    ps.setString(2, source.interval().archiveName());
    int at = bindSource(ps, 3, source);
    ps.setLong(at, from);
    ps.setLong(at + 1, to);
    List<IncidentMember> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String symbol = rs.getString(2);
        long firstHit = rs.getLong(6);
        String id = rs.getString(11);
        if (id == null) {
          id =
              AlertIds.alert(
                  new SeriesKey(
                      Market.parse(rs.getString(1)), symbol, Interval.parse(rs.getString(3))),
                  rs.getString(4),
                  rs.getInt(5),
                  firstHit);
        }
        out.add(
            new IncidentMember(
                symbol,
                id,
                firstHit,
                rs.getLong(7),
                rs.getLong(8),
                rs.getDouble(9),
                Severity.parse(rs.getString(10))));
      }
    }
    return out;
  }

  /** Incidents of a source whose span meets {@code [from, to]}. */
  static List<Incident> overlapping(Connection c, IncidentSource source, long from, long to)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM incidents WHERE market = ? AND interval = ? AND model = ?"
                + " AND model_version = ? AND last_hit >= ? AND onset <= ? ORDER BY onset")) {
      ps.setString(1, source.market().cliName());
      ps.setString(2, source.interval().archiveName());
      ps.setString(3, source.model());
      ps.setInt(4, source.version());
      ps.setLong(5, from);
      ps.setLong(6, to);
      return read(ps);
    }
  }

  /**
   * Two workers rebuilding the same span at once may both insert an incident under the same derived
   * id: the later one wins instead of failing its batch, and the next rebuild reconciles the rest.
   */
  static void replace(Connection c, List<Incident> old, List<Incident> fresh) throws SQLException {
    try (PreparedStatement del =
        c.prepareStatement("DELETE FROM incidents WHERE incident_id = ?")) {
      for (Incident i : old) {
        del.setString(1, i.id());
        del.addBatch();
      }
      del.executeBatch();
    }
    try (PreparedStatement ins =
        c.prepareStatement(
            "INSERT INTO incidents (incident_id, market, interval, model, model_version, onset,"
                + " last_hit, lead_symbol, symbols, severity, scope, watched, members, updated_at)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (incident_id) DO UPDATE SET"
                + " onset = excluded.onset, last_hit = excluded.last_hit, lead_symbol ="
                + " excluded.lead_symbol, symbols = excluded.symbols, severity = excluded.severity,"
                + " scope = excluded.scope, watched = excluded.watched, members = excluded.members,"
                + " updated_at = excluded.updated_at")) {
      for (Incident i : fresh) {
        ins.setString(1, i.id());
        ins.setString(2, i.source().market().cliName());
        ins.setString(3, i.source().interval().archiveName());
        ins.setString(4, i.source().model());
        ins.setInt(5, i.source().version());
        ins.setLong(6, i.onset());
        ins.setLong(7, i.lastHit());
        ins.setString(8, i.lead());
        ins.setInt(9, i.symbols().size());
        ins.setString(10, i.severity().id());
        ins.setString(11, i.scope().id());
        ins.setInt(12, i.watched());
        ins.setString(13, members(i.members()));
        ins.setLong(14, i.updatedAt());
        ins.addBatch();
      }
      ins.executeBatch();
    }
  }

  static List<Incident> query(Connection c, IncidentQuery q) throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM incidents WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.market() != null) {
      sql.append(" AND market = ?");
      args.add(q.market().cliName());
    }
    if (q.interval() != null) {
      sql.append(" AND interval = ?");
      args.add(q.interval().archiveName());
    }
    if (q.model() != null) {
      sql.append(" AND model = ?");
      args.add(q.model());
    }
    if (q.scope() != null) {
      sql.append(" AND scope = ?");
      args.add(q.scope().id());
    }
    if (q.from() != null) {
      sql.append(" AND last_hit >= ?");
      args.add(q.from());
    }
    if (q.to() != null) {
      sql.append(" AND onset < ?");
      args.add(q.to());
    }
    if (q.symbol() != null) {
      // Members are JSON; the symbol's quoted form is matched, then checked exactly below.
      sql.append(" AND members LIKE ?");
      args.add("%\"symbol\":\"" + q.symbol() + "\"%");
    }
    sql.append(" ORDER BY onset DESC, incident_id LIMIT ?");
    args.add(q.limit());
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      List<Incident> out = read(ps);
      if (q.symbol() != null) {
        out.removeIf(i -> !i.symbols().contains(q.symbol()));
      }
      return out;
    }
  }

  static Optional<Incident> byId(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM incidents WHERE incident_id = ?")) {
      ps.setString(1, id);
      List<Incident> found = read(ps);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }
  }

  private static List<Incident> read(PreparedStatement ps) throws SQLException {
    List<Incident> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        IncidentSource source =
            new IncidentSource(
                Market.parse(rs.getString(2)),
                Interval.parse(rs.getString(3)),
                rs.getString(4),
                rs.getInt(5));
        out.add(
            new Incident(
                rs.getString(1),
                source,
                rs.getLong(6),
                rs.getLong(7),
                members(rs.getString(10)),
                IncidentScope.parse(rs.getString(8), "scope"),
                rs.getInt(9),
                rs.getLong(11)));
      }
    }
    return out;
  }

  private static String members(List<IncidentMember> members) {
    try {
      return JSON.writeValueAsString(members);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("members are plain records", e);
    }
  }

  private static List<IncidentMember> members(String json) throws SQLException {
    try {
      return JSON.readValue(json, MEMBERS);
    } catch (JsonProcessingException e) {
      throw new SQLException("an incident's members are not readable: " + e.getOriginalMessage());
    }
  }

  /** Gives the alerts stored before ids existed theirs; a no-op once every alert has one. */
  static void fillAlertIds(Connection c) throws SQLException {
    List<Object[]> missing = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT a.series_id, s.market, s.symbol, s.interval, a.model, a.model_version,"
                    + " a.open_time, a.first_hit FROM anomalies a JOIN series s"
                    + " ON s.id = a.series_id WHERE a.alert_id IS NULL");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        SeriesKey key =
            new SeriesKey(
                Market.parse(rs.getString(2)), rs.getString(3), Interval.parse(rs.getString(4)));
        String id = AlertIds.alert(key, rs.getString(5), rs.getInt(6), rs.getLong(8));
        missing.add(new Object[] {id, rs.getLong(1), rs.getString(5), rs.getInt(6), rs.getLong(7)});
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE anomalies SET alert_id = ? WHERE series_id = ? AND model = ?"
                + " AND model_version = ? AND open_time = ?")) {
      for (Object[] row : missing) {
        for (int i = 0; i < row.length; i++) {
          ps.setObject(i + 1, row[i]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  static Optional<SeriesAnomaly> alertById(Connection c, String id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(DetectionSql.WITH_SERIES + " WHERE a.alert_id = ?")) {
      ps.setString(1, id);
      List<SeriesAnomaly> found = DetectionSql.readWithSeries(ps);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }
  }

  static void addTriage(Connection c, TriageEntry e) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO triage (target, state, note, author, at) VALUES (?,?,?,?,?)")) {
      ps.setString(1, e.target());
      ps.setString(2, e.state().id());
      ps.setString(3, e.note());
      ps.setString(4, e.author());
      ps.setLong(5, e.at());
      ps.executeUpdate();
    }
  }

  /** Every entry of a target, oldest first. */
  static List<TriageEntry> history(Connection c, String target) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT target, state, note, author, at FROM triage WHERE target = ? ORDER BY id")) {
      ps.setString(1, target);
      return triage(ps);
    }
  }

  /** The latest entry of every triaged target, by target. */
  static Map<String, TriageEntry> latestTriage(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT t.target, t.state, t.note, t.author, t.at FROM triage t WHERE t.id ="
                + " (SELECT MAX(u.id) FROM triage u WHERE u.target = t.target) ORDER BY t.id")) {
      Map<String, TriageEntry> out = new LinkedHashMap<>();
      for (TriageEntry e : triage(ps)) {
        out.put(e.target(), e);
      }
      return out;
    }
  }

  private static List<TriageEntry> triage(PreparedStatement ps) throws SQLException {
    List<TriageEntry> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new TriageEntry(
                rs.getString(1),
                TriageState.parse(rs.getString(2), "state"),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5)));
      }
    }
    return out;
  }
}
