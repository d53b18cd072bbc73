package dev.cryptoanomaly.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.FakeBinance;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User mistakes give one line on stderr, exit code 2, no stack trace and no lost data. */
class BadInputTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path home;
  FakeBinance binance;
  Map<String, String> env;

  @BeforeEach
  void setUp() throws Exception {
    binance = new FakeBinance();
    env = new HashMap<>();
    env.put("CRYPTO_ANOMALY_HOME", home.toString());
    env.put("CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL", binance.archiveUri().toString());
    env.put("CRYPTO_ANOMALY_BINANCE__API_URL", binance.apiUri().toString());
  }

  @AfterEach
  void tearDown() {
    binance.close();
  }

  @Test
  void badDatabaseUrlsAreOneLineWithoutThePassword() throws Exception {
    env.put("DATABASE_URL", "mysql://u:topsecret@127.0.0.1/db");
    assertOneLineUserError(Cli.run(env, CLOCK, "status"), "postgresql://", "mysql");
    env.put("DATABASE_URL", "postgresql://u:topsecret@127.0.0.1:5432/");
    assertOneLineUserError(Cli.run(env, CLOCK, "status"), "names no database");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    env.put("DATABASE_URL", "postgresql://u:topsecret@127.0.0.1:" + closedPort + "/market");
    Cli.Result r = Cli.run(env, CLOCK, "collect", "3", "--symbols", "BTCUSDT");
    assertOneLineUserError(r, "'market' on 127.0.0.1:" + closedPort);
    assertThat(r.err()).doesNotContain("topsecret");
  }

  @Test
  void badFlinkInputsAreOneLine() {
    assertOneLineUserError(Cli.run(env, CLOCK, "flink", "run"), "set KAFKA_BOOTSTRAP_SERVERS");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "flink", "run", "--parallelism", "0"), "--parallelism");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "flink", "run", "--checkpoint-interval", "0"), "--checkpoint-interval");
    env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");
    // No model trained: said before any cluster or broker is started.
    assertOneLineUserError(Cli.run(env, CLOCK, "flink", "run"), "crypto-anomaly");
    env.remove("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void badStreamWorkerAndAlertInputsAreOneLine() throws Exception {
    assertOneLineUserError(Cli.run(env, CLOCK, "worker"), "set REDIS_URL");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "stream", "--source", "carrier-pigeon"), "unknown --source");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "stream", "--source", "replay", "--speed", "-3"), "--speed");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "stream", "--source", "replay", "--symbols", "BTCUSDT"),
        "collect them first");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "stream", "--source", "synthetic", "--days", "1"), "no model");
    assertOneLineUserError(Cli.run(env, CLOCK, "alerts", "--limit", "-1"), "--limit");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "--severity", "severe"), "--severity unknown severity");
    assertOneLineUserError(Cli.run(env, CLOCK, "alerts", "--source", "mars"), "--source must be");
    assertOneLineUserError(Cli.run(env, CLOCK, "alerts", "--start", "2024-13-01"), "--start");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "--start", "2024-05-02", "--end", "2024-05-01"), "--end");
    assertOneLineUserError(Cli.run(env, CLOCK, "alerts", "--symbols", "BTC/USDT"), "--symbols");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "--follow", "--csv"), "--csv writes the stored alerts once");
    env.put("CRYPTO_ANOMALY_ALERTS__WEBHOOK_URL", "ftp://example.org/hook");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "stream", "--source", "synthetic", "--days", "1"), "http(s)");
    env.remove("CRYPTO_ANOMALY_ALERTS__WEBHOOK_URL");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    env.put("REDIS_URL", "redis://:hunter2@127.0.0.1:" + closedPort);
    Cli.Result r = Cli.run(env, CLOCK, "worker");
    assertOneLineUserError(r, "cannot reach Redis at 127.0.0.1:" + closedPort);
    assertThat(r.err()).doesNotContain("hunter2");
    env.put("REDIS_URL", "http://127.0.0.1:6379");
    assertOneLineUserError(Cli.run(env, CLOCK, "worker"), "redis://host:6379");
  }

  static void assertOneLineUserError(Cli.Result r, String... fragments) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).doesNotContain("Exception\n").doesNotContain("\tat ");
    for (String f : fragments) {
      assertThat(r.err()).contains(f);
    }
  }

  @Test
  void malformedSymbolIsRejectedBeforeAnyRequest() {
    Cli.Result r = Cli.run(env, CLOCK, "collect", "--symbols", "BTC-USDT", "--days", "3");
    assertOneLineUserError(r, "malformed symbol 'BTC-USDT'");
    assertThat(binance.requests()).isEmpty();
  }

  @Test
  void symbolWithNoFilesAtAll() {
    Cli.Result r =
        Cli.run(
            env,
            CLOCK,
            "collect",
            "--symbols",
            "NOPEUSDT",
            "--start",
            "2024-04-01",
            "--end",
            "2024-04-03");
    assertOneLineUserError(r, "no klines found for spot NOPEUSDT 1m");
  }

  @Test
  void endBeforeStart() {
    Cli.Result r = Cli.run(env, CLOCK, "collect", "--start", "2024-04-10", "--end", "2024-04-01");
    assertOneLineUserError(r, "--end 2024-04-01 is before the start date 2024-04-10");
    assertThat(binance.requests()).isEmpty();
  }

  @Test
  void badDateAndUnknownInterval() {
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--start", "2024-13-01"), "'--start': expects a UTC date");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--interval", "7m", "--days", "1"),
        "'--interval': unknown interval '7m'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--market", "options", "--days", "1"),
        "'--market': unknown market 'options'");
  }

  @Test
  void unreachableHost() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    env.put("CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL", "http://127.0.0.1:" + closedPort);
    Cli.Result r =
        Cli.run(
            env,
            CLOCK,
            "collect",
            "--symbols",
            "BTCUSDT",
            "--start",
            "2024-04-01",
            "--end",
            "2024-04-01");
    assertOneLineUserError(r, "cannot reach http://127.0.0.1:" + closedPort);
  }

  @Test
  void unwritableDataFolder() throws Exception {
    Path file = Files.writeString(home.resolve("not-a-folder"), "x");
    env.put("CRYPTO_ANOMALY_HOME", file.resolve("data").toString());
    Cli.Result r = Cli.run(env, CLOCK, "status");
    assertOneLineUserError(r, "data folder", "not-a-folder");
  }

  @Test
  void corruptZipIsReportedAndKeepsWhatWasStored() throws Exception {
    Path good = home.resolve("in/BTCUSDT-1h-2024-04-01.csv");
    Files.createDirectories(good.getParent());
    StringBuilder csv = new StringBuilder();
    for (int h = 0; h < 24; h++) {
      long t = 1711929600000L + h * 3_600_000L;
      csv.append(t).append(",10,11,9,10,5,").append(t + 3_599_999).append(",50,3,2,20,0\n");
    }
    Files.writeString(good, csv);
    assertThat(Cli.run(env, CLOCK, "import", good.toString()).exit()).isZero();

    Path corrupt = home.resolve("in/BTCUSDT-1h-2024-04-02.zip");
    Files.write(corrupt, new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8});
    Cli.Result r = Cli.run(env, CLOCK, "import", corrupt.toString());
    assertOneLineUserError(r, "BTCUSDT-1h-2024-04-02.zip", "nothing from it was stored");
    assertThat(Cli.run(env, CLOCK, "status").out()).containsPattern("BTCUSDT +1h .* +24 +0 +0");
  }

  @Test
  void unknownOptionPointsToHelp() {
    Cli.Result r = Cli.run(env, CLOCK, "collect", "--frobnicate");
    assertOneLineUserError(r, "--frobnicate", "--help");
  }

  @Test
  void datesBeforeBinanceExistedAreRefusedBeforeAnyRequest() {
    assertOneLineUserError(
        Cli.run(env, CLOCK, "collect", "--start", "-99999-01-01", "--end", "2024-01-01"),
        "--start -99999-01-01 is before 2017-01-01");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "features", "--start", "1999-01-01"), "--start 1999-01-01");
    assertThat(binance.requests()).isEmpty();
  }

  static String hourRows(long firstOpen, int hours) {
    StringBuilder csv = new StringBuilder();
    for (int h = 0; h < hours; h++) {
      long t = firstOpen + h * 3_600_000L;
      csv.append(t).append(",10,11,9,10,5,").append(t + 3_599_999).append(",50,3,2,20,0\n");
    }
    return csv.toString();
  }

  @Test
  void aByteOrderMarkCostsNoCandleAndAbsurdValuesAreBadRowsWithTheirLine() throws Exception {
    Path bom = home.resolve("in/BTCUSDT-1h-2024-04-01.csv");
    Files.createDirectories(bom.getParent());
    Files.writeString(bom, "\uFEFF" + hourRows(1711929600000L, 24), StandardCharsets.UTF_8);
    Cli.Result r = Cli.run(env, CLOCK, "import", bom.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("imported 24 rows");

    Path absurd = home.resolve("in/ETHUSDT-1h-2024-04-01.csv");
    String rows = hourRows(1711929600000L, 3);
    String[] lines = rows.split("\n");
    lines[1] = lines[1].replace(",5,", ",Infinity,");
    lines[2] = lines[2].replace(",3,2,20,0", ",1e30,2,20,0");
    Files.writeString(absurd, String.join("\n", lines) + "\n");
    Cli.Result a = Cli.run(env, CLOCK, "import", absurd.toString());
    assertThat(a.out())
        .contains("imported 1 rows")
        .contains("ETHUSDT-1h-2024-04-01.csv:2: volumes must be finite")
        .contains("ETHUSDT-1h-2024-04-01.csv:3: trade count");
  }

  @Test
  void aZipHoldingOneEndlessLineIsRejectedInOneLine() throws Exception {
    Path zip = home.resolve("in/BTCUSDT-1h-2024-04-03.zip");
    Files.createDirectories(zip.getParent());
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("BTCUSDT-1h-2024-04-03.csv"));
      byte[] block = new byte[1 << 20];
      java.util.Arrays.fill(block, (byte) '7');
      for (int i = 0; i < 64; i++) {
        out.write(block);
      }
      out.closeEntry();
    }
    Cli.Result r = Cli.run(env, CLOCK, "import", zip.toString());
    assertOneLineUserError(
        r, "line 1 is longer than 1024 characters", "nothing from it was stored");
  }

  @Test
  void controlCharactersInInputArePrintedEscaped() {
    Cli.Result r =
        Cli.run(env, CLOCK, "collect", "--symbols", "\u001b[2J\u001b[31mBTC", "--days", "1");
    assertOneLineUserError(r, "\\u001b[2J");
    assertThat(r.err()).doesNotContain("\u001b");
    Cli.Result option = Cli.run(env, CLOCK, "collect", "--days", "\u001b[2J");
    assertThat(option.err()).doesNotContain("\u001b").contains("\\u001b[2J");
  }

  @Test
  void credentialsInConfiguredUrlsAreNeverPrinted() {
    env.put("CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL", "http://mirror-user:mirror-pw@127.0.0.1:9");
    Cli.Result r = Cli.run(env, CLOCK, "collect", "--symbols", "BTCUSDT", "--days", "2");
    assertOneLineUserError(r, "cannot reach");
    assertThat(r.err()).doesNotContain("mirror-pw");
    env.put("MLFLOW_TRACKING_URI", "http://analyst:hunter2-pw@127.0.0.1:9");
    Cli.Result models = Cli.run(env, CLOCK, "models", "list");
    assertThat(models.err() + models.out()).doesNotContain("hunter2");
    assertThat(models.exit()).isEqualTo(2);
  }

  @Test
  void aCorruptStoreFileIsOneLineNamingItAndIsLeftAsItWas() throws Exception {
    Path csv = home.resolve("in/BTCUSDT-1h-2024-04-01.csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, hourRows(1711929600000L, 24));
    assertThat(Cli.run(env, CLOCK, "import", csv.toString()).exit()).isZero();
    Path db = home.resolve("crypto-anomaly.db");
    byte[] bytes = Files.readAllBytes(db);
    for (int i = 4096; i < bytes.length; i++) {
      bytes[i] = (byte) 0x5A;
    }
    Files.write(db, bytes);
    Files.deleteIfExists(home.resolve("crypto-anomaly.db-wal"));
    Files.deleteIfExists(home.resolve("crypto-anomaly.db-shm"));

    Cli.Result r = Cli.run(env, CLOCK, "status");
    assertOneLineUserError(r, db.toString());
    assertThat(r.err()).containsAnyOf("malformed", "not a database", "corrupt");
    assertThat(Files.readAllBytes(db)).isEqualTo(bytes);
  }

  @Test
  void aModelVersionBeyondAnyNumberIsOneLine() {
    assertOneLineUserError(
        Cli.run(env, CLOCK, "detect", "--model", "crypto-anomaly@99999999999"),
        "model version '99999999999'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "detect", "--model", "crypto-anomaly@0"), "model version '0'");
  }

  @Test
  void trainRefusesItsBudgetCooldownNameAndUnreachableServerBeforeComputingAnything() {
    Cli.Result zero = Cli.run(env, CLOCK, "train", "--alerts-per-day", "0");
    assertOneLineUserError(zero, "--alerts-per-day must be a number above 0, got 0");
    assertThat(zero.out()).doesNotContain("training");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "train", "--alerts-per-day", "NaN"), "--alerts-per-day", "got -");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "train", "--cooldown", "-1"), "--cooldown '-1' is not a cooldown");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "train", "--cooldown", "30"),
        "a bare number of candles is no longer taken");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "train", "--name", "no spaces"), "model name 'no spaces'");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "train", "--max-rows", "10"), "--max-rows must be at least 1,000");
    Cli.Result calibration = Cli.run(env, CLOCK, "train", "--calibration", "per-coin");
    assertOneLineUserError(calibration, "--calibration is per-symbol or pooled, not 'per-coin'");
    assertThat(calibration.out()).doesNotContain("training");
    env.put("MLFLOW_TRACKING_URI", "http://127.0.0.1:1");
    Cli.Result mlflow = Cli.run(env, CLOCK, "train");
    assertOneLineUserError(
        mlflow, "cannot reach the MLflow server http://127.0.0.1:1: connection refused");
    assertThat(mlflow.out()).doesNotContain("training");
  }
}
