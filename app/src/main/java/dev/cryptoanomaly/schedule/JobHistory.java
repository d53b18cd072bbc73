package dev.cryptoanomaly.schedule;

import dev.cryptoanomaly.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The run history of scheduled jobs, in the store's {@code job_runs} table, so that every instance
 * on the same store and every reader ({@code jobs}, the dashboard) sees the same runs.
 */
public final class JobHistory {
  private static final int TEXT_LIMIT = 2000;
  private static final String COLUMNS =
      "id, job, instance, attempt, scheduled_for, started_at, ended_at, outcome, summary, error";

  private final DataSource dataSource;

  public JobHistory(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Records the start of a run and returns its id. */
  public long started(String job, String instance, int attempt, Instant scheduledFor, Instant at) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO job_runs (job, instance, attempt, scheduled_for, started_at, outcome)"
                    + " VALUES (?,?,?,?,?,?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, job);
      ps.setString(2, instance);
      ps.setInt(3, attempt);
      ps.setLong(4, scheduledFor.toEpochMilli());
      ps.setLong(5, at.toEpochMilli());
      ps.setString(6, JobRun.Outcome.RUNNING.id());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot record the start of job " + job, e);
    }
  }

  /** Records how a run ended. */
  public void finished(
      long id, JobRun.Outcome outcome, String summary, String error, Instant endedAt) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE job_runs SET ended_at = ?, outcome = ?, summary = ?, error = ?"
                    + " WHERE id = ?")) {
      ps.setLong(1, endedAt.toEpochMilli());
      ps.setString(2, outcome.id());
      setText(ps, 3, summary);
      setText(ps, 4, error);
      ps.setLong(5, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot record the end of job run " + id, e);
    }
  }

  /** The latest runs, newest first; of one job when {@code job} is not null. */
  public List<JobRun> recent(String job, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM job_runs"
            + (job == null ? "" : " WHERE job = ?")
            + " ORDER BY started_at DESC, id DESC LIMIT ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (job != null) {
        ps.setString(i++, job);
      }
      ps.setInt(i, limit);
      List<JobRun> runs = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          runs.add(run(rs));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw new StoreException("cannot read the job history", e);
    }
  }

  private static JobRun run(ResultSet rs) throws SQLException {
    long ended = rs.getLong(7);
    Instant endedAt = rs.wasNull() ? null : Instant.ofEpochMilli(ended);
    return new JobRun(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getInt(4),
        Instant.ofEpochMilli(rs.getLong(5)),
        Instant.ofEpochMilli(rs.getLong(6)),
        endedAt,
        JobRun.Outcome.valueOf(rs.getString(8).toUpperCase(java.util.Locale.ROOT)),
        rs.getString(9),
        rs.getString(10));
  }

  private static void setText(PreparedStatement ps, int index, String text) throws SQLException {
    if (text == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, text.length() > TEXT_LIMIT ? text.substring(0, TEXT_LIMIT) : text);
    }
  }
}
