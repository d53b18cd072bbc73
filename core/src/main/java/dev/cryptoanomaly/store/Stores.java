package dev.cryptoanomaly.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.store.postgres.PostgresKlineStore;
import dev.cryptoanomaly.store.postgres.PostgresUrl;
import javax.sql.DataSource;

/** Opens the store the settings choose: embedded unless {@code DATABASE_URL} is set. */
public final class Stores {
  private Stores() {}

  public static KlineStore open(Settings settings) {
    if (settings.databaseUrl().isPresent()) {
      return PostgresKlineStore.open(
          PostgresUrl.parse(settings.databaseUrl().get()), settings.timescale());
    }
    return SqliteKlineStore.open(settings.home());
  }

  /**
   * A small connection pool on the store's database, migrated first, for components that share its
   * tables through plain JDBC (the scheduler's job state and run history), so that every process on
   * the same store sees the same jobs.
   */
  public static HikariDataSource pool(Settings settings, String name) {
    try (KlineStore migrated = open(settings)) {
      DataSource raw =
          settings.databaseUrl().isPresent()
              ? PostgresKlineStore.dataSource(PostgresUrl.parse(settings.databaseUrl().get()))
              : SqliteKlineStore.dataSource(SqliteKlineStore.file(settings.home()));
      HikariConfig config = new HikariConfig();
      config.setDataSource(raw);
      config.setPoolName(name);
      config.setMaximumPoolSize(4);
      config.setMinimumIdle(1);
      return new HikariDataSource(config);
    }
  }
}
