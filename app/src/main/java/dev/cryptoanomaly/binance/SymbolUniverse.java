package dev.cryptoanomaly.binance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every symbol the archive has ever held for a market, delisted ones included (the bucket listing's
 * folders under {@code data/<market>/daily/klines/}), with its live status and quote asset from the
 * exchange info, and, for the symbols asked about, the first and last archived day of an interval.
 * Kept in {@code <data folder>/cache/} for {@link Settings#listingTtl()}: a listing of 2,000
 * symbols is a few requests, but their days are one listing per symbol.
 */
public final class SymbolUniverse {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static final Pattern DAY = Pattern.compile(".*-(\\d{4}-\\d{2}-\\d{2})\\.zip");
  private static final Pattern MONTH = Pattern.compile(".*-(\\d{4}-\\d{2})\\.zip");

  /** Day listings looked up at once. */
  private static final int PARALLEL = 8;

  /** The cache file's content. */
  record Cached(
      @JsonProperty("fetched_at") Instant fetchedAt,
      @JsonProperty("symbols") List<ListedSymbol> symbols) {}

  private final BucketListing bucket;
  private final ExchangeInfo exchange;
  private final Path cacheDir;
  private final Duration ttl;
  private final Clock clock;

  public SymbolUniverse(
      BucketListing bucket, ExchangeInfo exchange, Path cacheDir, Duration ttl, Clock clock) {
    this.bucket = bucket;
    this.exchange = exchange;
    this.cacheDir = cacheDir;
    this.ttl = ttl;
    this.clock = clock;
  }

  public static SymbolUniverse forSettings(Settings settings, Clock clock) {
    HttpFetcher http = new HttpFetcher();
    return new SymbolUniverse(
        new BucketListing(http, settings.listingUrl()),
        new ExchangeInfo(http, settings.apiUrl()),
        settings.home().resolve("cache"),
        settings.listingTtl(),
        clock);
  }

  /** What the symbols were last fetched at, when from the cache. */
  public record Result(List<ListedSymbol> symbols, Instant fetchedAt, boolean fromCache) {}

  /**
   * The symbols the pattern asks for, with their days of the interval; each named symbol must be in
   * the listing. Symbols with no daily files for the interval are returned with {@code days} 0.
   *
   * @param refresh fetch the listing again even when the cached one is fresh
   */
  public Result resolve(
      SymbolPattern pattern,
      Market market,
      Interval interval,
      boolean tradingOnly,
      boolean refresh) {
    Path file = cacheFile(market, interval);
    Cached cached = refresh ? null : read(file);
    boolean fromCache = cached != null && !cached.fetchedAt().plus(ttl).isBefore(clock.instant());
    if (!fromCache) {
      cached = new Cached(clock.instant(), fetchNames(market));
    }
    Map<String, ListedSymbol> all = new LinkedHashMap<>();
    cached.symbols().forEach(s -> all.put(s.symbol(), s));
    for (String name : pattern.names()) {
      if (!all.containsKey(name)) {
        throw new UserException(
            name
                + " is not in the archive's listing of "
                + market.cliName()
                + " symbols ("
                + all.size()
                + " listed); `crypto-anomaly symbols` shows them");
      }
    }
    List<ListedSymbol> wanted = new ArrayList<>();
    for (ListedSymbol s : all.values()) {
      if (pattern.matches(s.symbol(), s.quoteAsset()) && (!tradingOnly || s.trading())) {
        wanted.add(s);
      }
    }
    if (wanted.isEmpty()) {
      throw new UserException(
          "no "
              + (tradingOnly ? "trading " : "")
              + market.cliName()
              + " symbol matches "
              + pattern.describe()
              + " among the "
              + all.size()
              + " archived");
    }
    List<ListedSymbol> withDays = lookUpDays(wanted, market, interval);
    withDays.forEach(s -> all.put(s.symbol(), s));
    write(file, new Cached(cached.fetchedAt(), List.copyOf(all.values())));
    return new Result(withDays, cached.fetchedAt(), fromCache);
  }

  /**
   * The cached listing of a market and interval while it is fresh, by symbol; empty when there is
   * none or it is stale. Reads no network: for {@code update}, which must work offline.
   */
  public Map<String, ListedSymbol> cachedFresh(Market market, Interval interval) {
    Cached c = read(cacheFile(market, interval));
    if (c == null || c.fetchedAt().plus(ttl).isBefore(clock.instant())) {
      return Map.of();
    }
    Map<String, ListedSymbol> out = new LinkedHashMap<>();
    c.symbols().forEach(s -> out.put(s.symbol(), s));
    return out;
  }

  private Path cacheFile(Market market, Interval interval) {
    return cacheDir.resolve("symbols-" + market.cliName() + "-" + interval.archiveName() + ".json");
  }

  private List<ListedSymbol> fetchNames(Market market) {
    String root = market.archivePrefix() + "/daily/klines/";
    List<String> folders = bucket.folders(root);
    Map<String, ExchangeInfo.Listed> listed = exchange.symbols(market);
    List<ListedSymbol> out = new ArrayList<>();
    for (String folder : folders) {
      String name = folder.substring(root.length()).replace("/", "");
      if (name.isEmpty()) {
        continue;
      }
      ExchangeInfo.Listed l = listed.get(name);
      out.add(
          new ListedSymbol(
              name,
              l == null ? ListedSymbol.DELISTED : l.status(),
              l == null ? "" : l.quoteAsset(),
              null,
              null,
              -1));
    }
    if (out.isEmpty()) {
      throw new UserException(
          "the archive's listing of " + root + " names no symbol: is the listing URL right?");
    }
    return out;
  }

  private List<ListedSymbol> lookUpDays(List<ListedSymbol> symbols, Market market, Interval iv) {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      List<Future<ListedSymbol>> futures = new ArrayList<>();
      for (ListedSymbol s : symbols) {
        futures.add(pool.submit(() -> s.daysKnown() ? s : days(s, market, iv)));
      }
      List<ListedSymbol> out = new ArrayList<>();
      for (Future<ListedSymbol> f : futures) {
        try {
          out.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserException("interrupted while listing the archive's days", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private ListedSymbol days(ListedSymbol s, Market market, Interval iv) {
    boolean daily = iv.hasDailyFiles();
    String prefix =
        market.archivePrefix()
            + (daily ? "/daily/klines/" : "/monthly/klines/")
            + s.symbol()
            + "/"
            + iv.archiveName()
            + "/";
    LocalDate first = null;
    LocalDate last = null;
    int count = 0;
    for (String key : bucket.keys(prefix, null)) {
      Matcher m = (daily ? DAY : MONTH).matcher(key);
      if (!m.matches()) {
        continue; // .CHECKSUM files and anything else
      }
      LocalDate from = daily ? LocalDate.parse(m.group(1)) : YearMonth.parse(m.group(1)).atDay(1);
      LocalDate to = daily ? from : YearMonth.parse(m.group(1)).atEndOfMonth();
      first = first == null || from.isBefore(first) ? from : first;
      last = last == null || to.isAfter(last) ? to : last;
      count++;
    }
    return s.withDays(first, last, count);
  }

  private static Cached read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      Cached c = JSON.readValue(file.toFile(), Cached.class);
      return c.fetchedAt() == null || c.symbols() == null ? null : c;
    } catch (IOException e) {
      return null; // a damaged cache is fetched again, never trusted
    }
  }

  private static void write(Path file, Cached c) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), c);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserException(
          "cannot write the symbol listing cache " + file + ": " + e.getMessage(), e);
    }
  }
}
