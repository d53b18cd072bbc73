package dev.cryptoanomaly.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import dev.cryptoanomaly.testkit.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server, a fresh database per test. */
@Tag("postgres")
class PostgresKlineStoreTest extends KlineStoreContract {
  private PostgresUrl database;

  @Override
  protected KlineStore openEmptyStore() {
    database = TestPostgres.createDatabase();
    return PostgresKlineStore.open(database);
  }

  @AfterEach
  void dropDatabase() {
    if (database != null) {
      store.close();
      TestPostgres.dropDatabase(database);
    }
  }

  @Test
  void wrongPasswordIsOneLineNamingServerAndDatabaseButNotThePassword() {
    PostgresUrl good = database;
    PostgresUrl bad =
        new PostgresUrl(
            good.host(), good.port(), good.database(), good.user(), "s3cret-wrong", null);
    assertThatThrownBy(() -> PostgresKlineStore.open(bad))
        .isInstanceOf(UserException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage().lines()).hasSize(1);
              assertThat(e.getMessage())
                  .contains(good.database())
                  .contains("127.0.0.1:5432")
                  .doesNotContain("s3cret-wrong");
            });
  }

  @Test
  void unreachableHostIsOneLine() {
    PostgresUrl nowhere = PostgresUrl.parse("postgresql://u:hidden@127.0.0.1:1/somedb");
    assertThatThrownBy(() -> PostgresKlineStore.open(nowhere))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("'somedb' on 127.0.0.1:1")
        .hasMessageNotContaining("hidden");
  }
}
