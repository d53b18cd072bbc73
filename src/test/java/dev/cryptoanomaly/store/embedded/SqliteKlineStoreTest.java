package dev.cryptoanomaly.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.KlineStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteKlineStoreTest extends KlineStoreContract {
  @TempDir Path dir;

  @Override
  protected KlineStore openEmptyStore() {
    return SqliteKlineStore.open(dir.resolve("home"));
  }

  @Test
  void isOneFileThatSurvivesReopening() {
    store.write(BTC, run(T0, 20), ledger("a", BTC, 20));
    store.close();
    store = SqliteKlineStore.open(dir.resolve("home"));
    assertThat(store.count(BTC)).isEqualTo(20);
    assertThat(dir.resolve("home").resolve(SqliteKlineStore.FILE_NAME)).isRegularFile();
  }

  @Test
  void unusableDataFolderIsAUserError() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> SqliteKlineStore.open(file.resolve("home")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("data folder")
        .hasMessageContaining("plain-file");
  }
}
