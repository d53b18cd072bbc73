package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.store.postgres.PostgresUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server tests use ({@code CRYPTO_ANOMALY_TEST_DATABASE_URL}, default the one {@code
 * .ci/run} starts on 127.0.0.1:5432). Each test gets a database of its own, dropped afterwards.
 * With CI=true an unreachable server fails the test; elsewhere the test is skipped, saying why.
 */
public final class TestPostgres {
  private TestPostgres() {}

  public static PostgresUrl server() {
    String url = System.getenv("CRYPTO_ANOMALY_TEST_DATABASE_URL");
    return PostgresUrl.parse(
        url != null ? url : "postgresql://postgres:postgres@127.0.0.1:5432/postgres");
  }

  /** A new empty database on the test server. */
  public static PostgresUrl createDatabase() {
    PostgresUrl server = server();
    String name = "ca_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute(server, "CREATE DATABASE " + name);
    return server.withDatabase(name);
  }

  /** A database as {@code DATABASE_URL} names it, with its credentials. */
  public static String databaseUrl(PostgresUrl db) {
    return "postgresql://"
        + db.user()
        + ":"
        + db.password()
        + "@"
        + db.host()
        + ":"
        + db.port()
        + "/"
        + db.database();
  }

  public static void dropDatabase(PostgresUrl db) {
    execute(server(), "DROP DATABASE IF EXISTS " + db.database() + " WITH (FORCE)");
  }

  private static void execute(PostgresUrl server, String sql) {
    try (Connection c =
            DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      Unavailable.require(
          "PostgreSQL", "test server " + server + " is not usable: " + e.getMessage());
    }
  }
}
