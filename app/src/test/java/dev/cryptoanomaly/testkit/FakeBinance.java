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
  private final Map<String, String[]> listed = new java.util.concurrent.ConcurrentSkipListMap<>();
  private volatile int listingPageSize = 1000;
  private volatile boolean listingV1;
  private volatile String brokenListing;
  private volatile int listingPages;

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

  /** The bucket listing's URL (S3 ListObjects over the published objects' keys). */
  public URI listingUri() {
    return URI.create(archiveUri() + "/bucket");
  }

  /** Names at most per listing page (S3 allows 1,000): small pages test pagination. */
  public void listingPageSize(int names) {
    listingPageSize = names;
  }

  /** Answers listings as ListObjects version 1 (marker), ignoring list-type=2. */
  public void listingVersion1() {
    listingV1 = true;
  }

  /**
   * Breaks every listing page after a walk's first: {@code html} (not XML), {@code cut} (XML that
   * stops mid-element), {@code error} (an S3 error document), {@code endless} (truncated, nothing
   * to go on from); null mends them.
   */
  public void breakListing(String how) {
    brokenListing = how;
  }

  /** Listing pages served so far. */
  public int listingPages() {
    return listingPages;
  }

  /** A symbol the exchange info lists now, with its status and assets. */
  public void listSymbol(String symbol, String status, String base, String quote) {
    listed.put(symbol, new String[] {status, base, quote});
  }

  /** Publishes an empty object at a key (a folder of the listing without a file of use). */
  public void putKey(String key) {
    objects.put("/" + key, new byte[0]);
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
    if (path.equals("/api/v3/exchangeInfo") || path.equals("/fapi/v1/exchangeInfo")) {
      exchangeInfo(ex);
      return;
    }
    if (path.equals("/bucket") || path.equals("/bucket/")) {
      listing(ex);
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

  private void exchangeInfo(HttpExchange ex) throws IOException {
    StringBuilder sb = new StringBuilder("{\"timezone\":\"UTC\",\"symbols\":[");
    int n = 0;
    for (var e : listed.entrySet()) {
      if (n++ > 0) {
        sb.append(',');
      }
      sb.append("{\"symbol\":\"")
          .append(e.getKey())
          .append("\",\"status\":\"")
          .append(e.getValue()[0])
          .append("\",\"baseAsset\":\"")
          .append(e.getValue()[1])
          .append("\",\"quoteAsset\":\"")
          .append(e.getValue()[2])
          .append("\"}");
    }
    sb.append("]}");
    ex.getResponseHeaders().add("Content-Type", "application/json");
    send(ex, 200, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** S3 ListObjects (v2, or v1 when asked), over the keys of the published objects. */
  private void listing(HttpExchange ex) throws IOException {
    Map<String, String> q = new HashMap<>();
    String raw = ex.getRequestURI().getRawQuery();
    for (String kv : raw == null ? new String[0] : raw.split("&")) {
      String[] p = kv.split("=", 2);
      q.put(
          java.net.URLDecoder.decode(p[0], StandardCharsets.UTF_8),
          p.length > 1 ? java.net.URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
    }
    listingPages++;
    boolean v2 = !listingV1 && "2".equals(q.get("list-type"));
    String prefix = q.getOrDefault("prefix", "");
    String delimiter = q.get("delimiter");
    String after =
        v2
            ? (q.containsKey("continuation-token")
                ? new String(
                    java.util.Base64.getDecoder().decode(q.get("continuation-token")),
                    StandardCharsets.UTF_8)
                : q.get("start-after"))
            : q.get("marker");
    java.util.TreeSet<String> names = new java.util.TreeSet<>();
    java.util.Set<String> folders = new java.util.HashSet<>();
    for (String k : objects.keySet()) {
      String key = k.substring(1);
      if (!key.startsWith(prefix)) {
        continue;
      }
      int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
      String name = cut < 0 ? key : key.substring(0, cut + delimiter.length());
      names.add(name);
      if (cut >= 0) {
        folders.add(name);
      }
    }
    List<String> pageNames = new ArrayList<>();
    for (String name : after == null ? names : names.tailSet(after, false)) {
      if (pageNames.size() == listingPageSize) {
        break;
      }
      pageNames.add(name);
    }
    boolean truncated =
        !pageNames.isEmpty() && names.tailSet(pageNames.getLast(), false).iterator().hasNext();
    boolean continued = q.containsKey("continuation-token") || q.containsKey("marker");
    if (brokenListing != null && continued) {
      String bad =
          switch (brokenListing) {
            case "html" -> "<html><body>Service Unavailable</body></html>";
            case "cut" -> "<?xml version=\"1.0\"?><ListBucketResult><Contents><Key>data/sp";
            case "error" -> "<Error><Code>AccessDenied</Code></Error>";
            default -> "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>";
          };
      send(ex, 200, bad.getBytes(StandardCharsets.UTF_8));
      return;
    }
    StringBuilder x =
        new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<Name>data.binance.vision</Name><Prefix>")
            .append(prefix)
            .append("</Prefix>");
    if (v2) {
      x.append("<KeyCount>").append(pageNames.size()).append("</KeyCount>");
    } else {
      x.append("<Marker>").append(after == null ? "" : after).append("</Marker>");
    }
    x.append("<MaxKeys>").append(listingPageSize).append("</MaxKeys>");
    if (delimiter != null) {
      x.append("<Delimiter>").append(delimiter).append("</Delimiter>");
    }
    x.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
    if (truncated && v2) {
      x.append("<NextContinuationToken>")
          .append(
              java.util.Base64.getEncoder()
                  .encodeToString(pageNames.getLast().getBytes(StandardCharsets.UTF_8)))
          .append("</NextContinuationToken>");
    }
    if (truncated && !v2 && delimiter != null) {
      x.append("<NextMarker>").append(pageNames.getLast()).append("</NextMarker>");
    }
    for (String name : pageNames) {
      if (folders.contains(name)) {
        x.append("<CommonPrefixes><Prefix>").append(name).append("</Prefix></CommonPrefixes>");
      } else {
        x.append("<Contents><Key>")
            .append(name)
            .append("</Key><LastModified>2024-05-02T04:12:31.000Z</LastModified>")
            .append("<ETag>&quot;0&quot;</ETag><Size>")
            .append(objects.get("/" + name).length)
            .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
      }
    }
    x.append("</ListBucketResult>");
    ex.getResponseHeaders().add("Content-Type", "application/xml");
    send(ex, 200, x.toString().getBytes(StandardCharsets.UTF_8));
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
