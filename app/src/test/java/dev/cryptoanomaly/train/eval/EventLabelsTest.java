package dev.cryptoanomaly.train.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLabelsTest {
  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path p = dir.resolve("labels.csv");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsInstantsDaysStarAndOptionalKind() throws Exception {
    var labels =
        EventLabels.read(
            file(
                "symbol,start,end,kind\n"
                    + "btcusdt,2020-03-12T09:00:00Z,2020-03-12T12:00:00Z,covid\n"
                    + "# a comment\n"
                    + "*,2022-11-08,2022-11-09,\n"));
    assertThat(labels).hasSize(2);
    assertThat(labels.get(0).symbol()).isEqualTo("BTCUSDT");
    assertThat(labels.get(0).start())
        .isEqualTo(Instant.parse("2020-03-12T09:00:00Z").toEpochMilli());
    assertThat(labels.get(1).appliesTo("SOLUSDT")).isTrue();
    assertThat(labels.get(1).end())
        .isEqualTo(Instant.parse("2022-11-10T00:00:00Z").toEpochMilli() - 1);
  }

  @Test
  void mistakesAreOneLineNamingTheLine() throws Exception {
    assertOneLine(file("symbol,start\nBTCUSDT,2020-01-01\n"), "header must name");
    assertOneLine(
        file("symbol,start,end\nBTCUSDT,2020-01-02,2020-01-01\n"), "line 2", "before start");
    assertOneLine(
        file("symbol,start,end\nBTCUSDT,yesterday,2020-01-01\n"), "line 2", "'yesterday'");
    assertOneLine(file("symbol,start,end\n"), "no labelled events");
    assertOneLine(dir.resolve("missing.csv"), "does not exist");
  }

  private static void assertOneLine(Path p, String... fragments) {
    assertThatThrownBy(() -> EventLabels.read(p))
        .isInstanceOf(UserException.class)
        .satisfies(
            e -> {
              assertThat(e.getMessage().lines()).hasSize(1);
              for (String f : fragments) {
                assertThat(e.getMessage()).contains(f);
              }
            });
  }
}
