package dev.cryptoanomaly.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepared statements of one connection kept for reuse. A stream worker writes a batch every few
 * milliseconds with the same many-row statements; preparing them again each time (SQLite compiles a
 * 700-parameter insert) was a measurable part of the write. Bounded: past the bound the cache
 * starts again empty. Used under the store's lock, like its connection.
 */
final class StatementCache implements AutoCloseable {
  private static final int MAX_STATEMENTS = 256;

  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  StatementCache(Connection connection) {
    this.connection = connection;
  }

  /** The statement for {@code sql}, prepared on first use; its parameters are cleared. */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      if (statements.size() >= MAX_STATEMENTS) {
        close();
      }
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    statements.clear();
    if (first != null) {
      throw first;
    }
  }
}
