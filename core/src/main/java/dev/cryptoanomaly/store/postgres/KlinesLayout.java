package dev.cryptoanomaly.store.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** How {@code klines} is laid out on the server; chosen once by migration V3. */
enum KlinesLayout {
  /** TimescaleDB hypertable with a compression policy for old chunks. */
  HYPERTABLE("TimescaleDB hypertable"),
  /** Native range partitions, one per month of open time. */
  MONTHLY_PARTITIONS("monthly partitions");

  private final String label;

  KlinesLayout(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static KlinesLayout of(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT relkind FROM pg_class WHERE oid = 'klines'::regclass")) {
      rs.next();
      return "p".equals(rs.getString(1)) ? MONTHLY_PARTITIONS : HYPERTABLE;
    }
  }
}
