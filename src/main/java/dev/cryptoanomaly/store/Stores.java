package dev.cryptoanomaly.store;

import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import dev.cryptoanomaly.store.postgres.PostgresKlineStore;
import dev.cryptoanomaly.store.postgres.PostgresUrl;

/** Opens the store the settings choose: embedded unless {@code DATABASE_URL} is set. */
public final class Stores {
  private Stores() {}

  public static KlineStore open(Settings settings) {
    if (settings.databaseUrl().isPresent()) {
      return PostgresKlineStore.open(PostgresUrl.parse(settings.databaseUrl().get()));
    }
    return SqliteKlineStore.open(settings.home());
  }
}
