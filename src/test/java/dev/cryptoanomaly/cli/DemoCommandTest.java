package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.testkit.Cli;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job, offline: simulated market, coverage, a trained champion, alerts, evaluation. */
@Tag("slow")
class DemoCommandTest {
  @TempDir Path home;

  @Test
  void offlineDemoSimulatesTrainsDetectsAndEvaluates() {
    Map<String, String> env =
        Map.of(
            "CRYPTO_ANOMALY_HOME",
            home.toString(),
            "CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL",
            "http://127.0.0.1:1");
    Clock clock = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);
    Cli.Result r = Cli.run(env, clock, "demo", "--days", "3", "--no-serve");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Binance is unreachable")
        .contains("$ crypto-anomaly train --model gmm --clusters 2-6")
        .contains("crypto-anomaly@1 is the champion")
        .contains("$ crypto-anomaly detect --days 1")
        .containsPattern("\\d+ alerts from [\\d,]+ candles")
        .contains("event_recall");
  }
}
