package dev.cryptoanomaly.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cryptoanomaly.binance.ArchiveFile;
import dev.cryptoanomaly.binance.Checksums;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Binance that speaks the real layout: data.binance.vision's object keys with
 * zip + {@code .CHECKSUM} (no trailing newline), 404 for anything not published, and the REST
 * {@code /api/v3/klines} endpoint with startTime/endTime/limit and string-encoded numbers. Failures
 * can be scripted per path.
 */
public final class FakeBinance implements AutoCloseable {
  private final HttpServer server;
  private final java.util.concurrent.ExecutorService executor =
      java.util.concurrent.Executors.newFixedThreadPool(16);
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  private final Map<String, List<Kline>> rest = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final java.util.Set<String> stalled = ConcurrentHashMap.newKeySet();

  public FakeBinance() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  public URI archiveUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public URI apiUri() {
    return archiveUri();
  }

  /** Publishes an archive file with a correct checksum. */
  public void publish(ArchiveFile file, List<Kline> klines, boolean header, boolean micros) {
    String csvName = file.fileName().replace(".zip", ".csv");
    byte[] zip = KlineCsv.zip(csvName, KlineCsv.csv(klines, header, micros));
    objects.put("/" + file.path(), zip);
    objects.put(
        "/" + file.checksumPath(),
        Checksums.checksumLine(Checksums.sha256(zip), file.fileName())
            .getBytes(StandardCharsets.US_ASCII));
  }

  /** Replaces a published file's checksum with a wrong one. */
  public void corruptChecksum(ArchiveFile file) {
    objects.put(
        "/" + file.checksumPath(),
        Checksums.checksumLine("0".repeat(64), file.fileName())
            .getBytes(StandardCharsets.US_ASCII));
  }

  /** Serves raw bytes at an archive path (for corrupt zips). */
  public void putRaw(String path, byte[] bytes) {
    objects.put("/" + path, bytes);
  }

  /** The next {@code times} requests for the path answer HTTP 500. */
  public void failTimes(String path, int times) {
    failures.put("/" + path, new AtomicInteger(times));
  }

  /** Requests for the path are accepted and never answered (until the server closes). */
  public void stall(String path) {
    stalled.add("/" + path);
  }

  /** Candles the REST endpoint serves for a series. */
  public void serveRest(SeriesKey series, List<Kline> klines) {
    rest.put(series.symbol() + "/" + series.interval().apiName(), List.copyOf(klines));
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    requests.add(ex.getRequestURI().toString());
    if (stalled.contains(path)) {
      try {
        Thread.sleep(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.close();
      return;
    }
    AtomicInteger fail = failures.get(path);
    if (fail != null && fail.getAndDecrement() > 0) {
      send(ex, 500, "internal error".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    if (path.equals("/api/v3/klines") || path.equals("/fapi/v1/klines")) {
      restKlines(ex);
      return;
    }
    byte[] body = objects.get(path);
    if (body == null) {
      send(ex, 404, "<Error><Code>NoSuchKey</Code></Error>".getBytes(StandardCharsets.US_ASCII));
    } else {
      send(ex, 200, body);
    }
  }

  private void restKlines(HttpExchange ex) throws IOException {
    Map<String, String> q = new HashMap<>();
    for (String kv : ex.getRequestURI().getRawQuery().split("&")) {
      String[] p = kv.split("=", 2);
      q.put(p[0], p.length > 1 ? p[1] : "");
    }
    List<Kline> series = rest.get(q.get("symbol") + "/" + q.get("interval"));
    if (series == null) {
      send(
          ex,
          400,
          "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}".getBytes(StandardCharsets.US_ASCII));
      return;
    }
    long start = Long.parseLong(q.getOrDefault("startTime", "0"));
    long end = Long.parseLong(q.getOrDefault("endTime", String.valueOf(Long.MAX_VALUE)));
    int limit = Integer.parseInt(q.getOrDefault("limit", "500"));
    StringBuilder sb = new StringBuilder("[");
    int n = 0;
    for (Kline k : series) {
      if (k.openTime() >= start && k.openTime() <= end && n < limit) {
        if (n++ > 0) {
          sb.append(',');
        }
        sb.append('[')
            .append(k.openTime())
            .append(",\"")
            .append(k.open())
            .append("\",\"")
            .append(k.high())
            .append("\",\"")
            .append(k.low())
            .append("\",\"")
            .append(k.close())
            .append("\",\"")
            .append(k.volume())
            .append("\",")
            .append(k.closeTime())
            .append(",\"")
            .append(k.quoteVolume())
            .append("\",")
            .append(k.trades())
            .append(",\"")
            .append(k.takerBuyBase())
            .append("\",\"")
            .append(k.takerBuyQuote())
            .append("\",\"0\"]");
      }
    }
    sb.append(']');
    ex.getResponseHeaders().add("Content-Type", "application/json");
    send(ex, 200, sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
