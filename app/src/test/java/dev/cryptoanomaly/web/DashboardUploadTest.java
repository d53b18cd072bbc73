package dev.cryptoanomaly.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.binance.Checksums;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.testkit.KlineCsv;
import dev.cryptoanomaly.testkit.Markets;
import dev.cryptoanomaly.testkit.TestDashboard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kline files sent from the browser (multipart, as the Data page's upload form sends them): the
 * same importer as a path, checksums verified, nothing kept once the import ends, and every bad
 * upload refused before a byte is written.
 */
class DashboardUploadTest {
  private static final String BOUNDARY = "----crypto-anomaly-test-boundary";
  @TempDir Path home;

  /** One part of a multipart body: a form field when {@code fileName} is null. */
  record Part(String name, String fileName, byte[] content) {
    static Part file(String fileName, byte[] content) {
      return new Part("files", fileName, content);
    }

    static Part field(String name, String value) {
      return new Part(name, null, value.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void uploadedFilesAreImportedWithTheirChecksumsVerifiedAndThenRemoved() throws Exception {
    Path eth = Markets.sharedData().resolve("binance/spot/5m/ETHUSDT");
    List<Part> parts = new ArrayList<>();
    for (String day : List.of("2020-03-11", "2020-03-12", "2020-03-13")) {
      String name = "ETHUSDT-5m-" + day + ".csv";
      parts.add(Part.file(name, Files.readAllBytes(eth.resolve(name))));
    }
    byte[] sol = dayZip("SOLUSDT");
    parts.add(Part.file("SOLUSDT-1m-2024-05-01.zip", sol));
    parts.add(
        Part.file(
            "SOLUSDT-1m-2024-05-01.zip.CHECKSUM",
            Checksums.checksumLine(Checksums.sha256(sol), "SOLUSDT-1m-2024-05-01.zip")
                .getBytes(StandardCharsets.US_ASCII)));
    // A zip whose checksum does not match: refused, the others stored.
    parts.add(Part.file("BNBUSDT-1m-2024-05-01.zip", dayZip("BNBUSDT")));
    parts.add(
        Part.file(
            "BNBUSDT-1m-2024-05-01.zip.CHECKSUM",
            Checksums.checksumLine("0".repeat(64), "BNBUSDT-1m-2024-05-01.zip")
                .getBytes(StandardCharsets.US_ASCII)));
    parts.add(Part.field("market", "spot"));

    try (TestDashboard d = dashboard()) {
      TestDashboard.Reply started = upload(d, parts, true);
      assertThat(started.status()).as(started.body()).isEqualTo(202);
      assertThat(started.json().get("title")).isEqualTo("import 7 uploaded files as spot");
      Map<String, Object> job =
          d.runJobResult(String.valueOf(started.json().get("id")), Duration.ofSeconds(60));
      assertThat(job.get("state")).isEqualTo("failed");
      assertThat(String.valueOf(job.get("error")))
          .isEqualTo("1 files could not be stored (see the log); the others were");
      assertThat(job.get("log").toString())
          .contains(
              "error: BNBUSDT-1m-2024-05-01.zip does not match BNBUSDT-1m-2024-05-01.zip.CHECKSUM")
          .doesNotContain("uploads");
    }
    try (KlineStore store = Stores.open(settings())) {
      assertThat(store.read(series("ETHUSDT", Interval.M5), 0, Long.MAX_VALUE)).hasSize(3 * 288);
      assertThat(store.read(series("SOLUSDT", Interval.M1), 0, Long.MAX_VALUE)).hasSize(1_440);
      assertThat(store.read(series("BNBUSDT", Interval.M1), 0, Long.MAX_VALUE)).isEmpty();
    }
    assertThat(uploadFolders()).as("nothing kept after the import").isEmpty();
  }

  @Test
  void badUploadsAreRefusedNamingTheFieldAndWriteNothing() throws Exception {
    byte[] csv =
        Files.readAllBytes(
            Markets.sharedData().resolve("binance/spot/5m/ETHUSDT/ETHUSDT-5m-2020-03-12.csv"));
    Part good = Part.file("ETHUSDT-5m-2020-03-12.csv", csv);
    try (TestDashboard d = dashboard()) {
      TestDashboard.Reply noHeader = upload(d, List.of(good), false);
      assertThat(noHeader.status()).as("a cross-site form cannot upload").isEqualTo(403);

      assertError(d, List.of(Part.field("market", "spot")))
          .startsWith("field 'files': choose one or more kline files");
      assertError(d, List.of(Part.file("notes.txt", csv)))
          .isEqualTo(
              "field 'files': notes.txt is not named as on data.binance.vision"
                  + " (BTCUSDT-5m-2024-08.zip, BTCUSDT-1m-2024-08-05.csv, or the .CHECKSUM beside"
                  + " a zip)");
      assertError(d, List.of(good, Part.file("..", csv))).startsWith("field 'files': ");
      assertError(d, List.of(good, Part.file(".hidden-5m-2020-03-12.csv", csv)))
          .startsWith("field 'files': ");
      assertError(d, List.of(good, good))
          .isEqualTo("field 'files': ETHUSDT-5m-2020-03-12.csv is chosen twice");
      assertError(d, List.of(good, Part.field("market", "options")))
          .startsWith("field 'market': unknown market 'options'");
      assertError(d, List.of(good, Part.field("path", "/etc"))).startsWith("unknown field 'path'");
      assertError(d, List.of(new Part("file", "ETHUSDT-5m-2020-03-12.csv", csv)))
          .startsWith("unknown field 'file'");
    }
    assertThat(uploadFolders()).isEmpty();
    try (KlineStore store = Stores.open(settings())) {
      assertThat(store.series()).isEmpty();
    }
  }

  /**
   * A refusal answered while the client was still sending its body reached the client as a dropped
   * connection ("header parser received no bytes"), now and then for a day's CSV and nearly always
   * for a megabyte: the guard reads the body before it refuses.
   */
  @Test
  void aRefusedUploadOfAMegabyteIsAnsweredEveryTime() throws Exception {
    byte[] csv =
        Files.readAllBytes(
            Markets.sharedData().resolve("binance/spot/5m/ETHUSDT/ETHUSDT-5m-2020-03-12.csv"));
    byte[] big = new byte[csv.length * 40];
    for (int i = 0; i < 40; i++) {
      System.arraycopy(csv, 0, big, i * csv.length, csv.length);
    }
    Part good = Part.file("ETHUSDT-5m-2020-03-12.csv", big);
    try (TestDashboard d = dashboard()) {
      for (int i = 0; i < 100; i++) {
        assertThat(upload(d, List.of(good), false).status()).as("attempt %d", i).isEqualTo(403);
      }
    }
  }

  @Test
  void aDayOldUploadFolderLeftByAStoppedDashboardIsRemovedAtStart() throws Exception {
    Path left = DataPage.uploads(home).resolve("left-behind");
    Files.createDirectories(left);
    Files.writeString(left.resolve("ETHUSDT-5m-2020-03-12.csv"), "x");
    Path recent = DataPage.uploads(home).resolve("in-progress");
    Files.createDirectories(recent);
    Files.setLastModifiedTime(
        left,
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofHours(25))));
    try (TestDashboard d = dashboard()) {
      assertThat(uploadFolders()).containsExactly(recent);
    }
  }

  private org.assertj.core.api.AbstractStringAssert<?> assertError(
      TestDashboard d, List<Part> parts) {
    TestDashboard.Reply r = upload(d, parts, true);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(uploadFolders()).as("nothing written for a refused upload").isEmpty();
    return assertThat(String.valueOf(r.json().get("error")));
  }

  private static TestDashboard.Reply upload(TestDashboard d, List<Part> parts, boolean header) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(d.url("/api/data/upload")))
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(parts)));
    if (header) {
      request.header("X-Requested-With", "crypto-anomaly-dashboard");
    }
    return d.send(request);
  }

  private static byte[] multipart(List<Part> parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Part p : parts) {
      String head =
          "--"
              + BOUNDARY
              + "\r\nContent-Disposition: form-data; name=\""
              + p.name()
              + "\""
              + (p.fileName() == null ? "" : "; filename=\"" + p.fileName() + "\"")
              + "\r\n"
              + (p.fileName() == null ? "" : "Content-Type: application/octet-stream\r\n")
              + "\r\n";
      body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
      body.writeBytes(p.content());
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  private static byte[] dayZip(String symbol) {
    String csv = KlineCsv.csv(Markets.minutes(symbol, LocalDate.of(2024, 5, 1), 1), false, false);
    return KlineCsv.zip(symbol + "-1m-2024-05-01.csv", csv);
  }

  private List<Path> uploadFolders() {
    Path root = DataPage.uploads(home);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(root)) {
      return list.toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static SeriesKey series(String symbol, Interval interval) {
    return new SeriesKey(Market.SPOT, symbol, interval);
  }

  private Settings settings() {
    return Settings.fromMap(Map.of(), home).withHome(home);
  }

  private TestDashboard dashboard() {
    return new TestDashboard(settings(), Clock.systemUTC());
  }
}
