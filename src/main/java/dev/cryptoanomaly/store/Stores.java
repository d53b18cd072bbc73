package dev.cryptoanomaly.store;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;

/** Opens the store the settings choose: embedded unless {@code DATABASE_URL} is set. */
public final class Stores {
  private Stores() {}

  public static KlineStore open(Settings settings) {
    if (settings.databaseUrl().isPresent()) {
      throw new UserException(
          "DATABASE_URL is set, but the PostgreSQL store is not part of this build yet;"
              + " unset DATABASE_URL to use the embedded store");
    }
    return SqliteKlineStore.open(settings.home());
  }
}
