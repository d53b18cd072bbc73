package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.Provenance;
import dev.cryptoanomaly.stream.CandleSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance's live kline streams for many symbols: combined streams, at most 1,024 per connection
 * (the first ones in the URL, the rest by SUBSCRIBE at under 5 messages a second). Only closed
 * candles are emitted, once each and in order per symbol. Pings are answered by the JDK's WebSocket
 * (a pong with the ping's payload). On any disconnect it reconnects with exponential backoff and
 * fetches the missed candles from the REST klines endpoint, so none is lost; a {@code
 * serverShutdown} event reconnects at once, and before the 24-hour limit a new connection is made
 * before the old one is closed.
 */
public final class BinanceKlineStream implements CandleSource {
  private static final Logger LOG = LoggerFactory.getLogger(BinanceKlineStream.class);
  private static final String CLOSED = "\u0000closed";

  /** Limits and timings; Binance's by default. */
  public record Options(
      int streamsPerConnection,
      int streamsInUrl,
      Duration renewAfter,
      Duration minBackoff,
      Duration maxBackoff,
      Duration maxBackfill) {
    public static Options binance() {
      return new Options(
          1024,
          100,
          Duration.ofHours(23),
          Duration.ofSeconds(1),
          Duration.ofMinutes(1),
          Duration.ofDays(2));
    }
  }

  /** Counters, for logs and tests. */
  public static final class Stats {
    public final LongAdder connections = new LongAdder();
    public final LongAdder renewals = new LongAdder();
    public final LongAdder emitted = new LongAdder();
    public final LongAdder backfilled = new LongAdder();
    public final LongAdder duplicates = new LongAdder();
    public final LongAdder late = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    public final LongAdder open = new LongAdder();
  }

  private final URI wsBase;
  private final RestKlinesClient rest;
  private final Market market;
  private final Interval interval;
  private final List<String> symbols;
  private final Map<String, Long> lastEmitted = new HashMap<>();
  private final Clock clock;
  private final Options options;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Stats stats = new Stats();

  /**
   * The live feed for the configured addresses, resuming each symbol after its last stored candle.
   */
  public static BinanceKlineStream resuming(
      dev.cryptoanomaly.config.Settings settings,
      dev.cryptoanomaly.store.KlineStore store,
      Market market,
      Interval interval,
      List<String> symbols,
      Clock clock) {
    Map<String, Long> last = new java.util.HashMap<>();
    for (String s : symbols) {
      store
          .lastOpenTime(new dev.cryptoanomaly.kline.SeriesKey(market, s, interval))
          .ifPresent(t -> last.put(s, t));
    }
    RestKlinesClient rest =
        new RestKlinesClient(
            new HttpFetcher(HttpFetcher.RetrySettings.DEFAULT, java.time.Duration.ofSeconds(30)),
            settings.apiUrl());
    return new BinanceKlineStream(
        settings.wsUrl(), rest, market, interval, symbols, last, clock, Options.binance());
  }

  /**
   * @param lastKnown open time of the last stored candle per symbol: the first connection fetches
   *     what came after it (up to {@code maxBackfill})
   */
  public BinanceKlineStream(
      URI wsBase,
      RestKlinesClient rest,
      Market market,
      Interval interval,
      List<String> symbols,
      Map<String, Long> lastKnown,
      Clock clock,
      Options options) {
    this.wsBase = wsBase;
    this.rest = rest;
    this.market = market;
    this.interval = interval;
    this.symbols = symbols;
    this.lastEmitted.putAll(lastKnown);
    this.clock = clock;
    this.options = options;
  }

  /** The last connection failure, until a connection succeeds. */
  private volatile String problem;

  @Override
  public java.util.Optional<String> problem() {
    return java.util.Optional.ofNullable(problem);
  }

  public Stats stats() {
    return stats;
  }

  @Override
  public void run(Sink sink) throws InterruptedException {
    List<Thread> connections = new ArrayList<>();
    for (int i = 0; i < symbols.size(); i += options.streamsPerConnection()) {
      List<String> chunk =
          symbols.subList(i, Math.min(symbols.size(), i + options.streamsPerConnection()));
      connections.add(
          Thread.ofVirtual()
              .name("binance-ws-" + i)
              .start(
                  () -> {
                    try {
                      connectionLoop(chunk, sink);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    try {
      for (Thread t : connections) {
        t.join();
      }
    } finally {
      connections.forEach(Thread::interrupt);
    }
  }

  private void connectionLoop(List<String> chunk, Sink sink) throws InterruptedException {
    long backoff = options.minBackoff().toMillis();
    while (!Thread.currentThread().isInterrupted()) {
      Session session;
      try {
        session = connect(chunk);
      } catch (RuntimeException e) {
        LOG.warn("cannot connect to {}: {}; retrying in {} ms", wsBase, e.getMessage(), backoff);
        problem =
            "cannot connect to "
                + wsBase
                + ": "
                + dev.cryptoanomaly.Messages.oneLine(String.valueOf(e.getMessage()))
                + "; retrying in "
                + Math.max(1, backoff / 1000)
                + " s";
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, options.maxBackoff().toMillis());
        continue;
      }
      backoff = options.minBackoff().toMillis();
      problem = null;
      backfill(chunk, sink);
      try {
        readUntilClosed(session, chunk, sink);
      } finally {
        session.close();
      }
    }
  }

  /** Reads frames until the connection ends; renews it before Binance's 24-hour limit. */
  private void readUntilClosed(Session first, List<String> chunk, Sink sink)
      throws InterruptedException {
    Session session = first;
    long renewAt = System.nanoTime() + options.renewAfter().toNanos();
    while (true) {
      if (System.nanoTime() >= renewAt) {
        try {
          Session next = connect(chunk); // make before break: no window without a connection
          session.close();
          session = next;
          stats.renewals.increment();
          LOG.info("renewed the connection before the 24-hour limit");
          backfill(chunk, sink);
        } catch (RuntimeException e) {
          LOG.warn("renewing the connection failed: {}; keeping the current one", e.getMessage());
        }
        renewAt = System.nanoTime() + options.renewAfter().toNanos();
      }
      String text = session.frames.poll(200, TimeUnit.MILLISECONDS);
      if (text == null) {
        continue;
      }
      if (text == CLOSED) {
        LOG.warn("connection to {} closed: {}; reconnecting", wsBase, session.closeReason);
        problem =
            "the connection to " + wsBase + " closed (" + session.closeReason + "); reconnecting";
        return;
      }
      KlineStreamFrames.Frame frame;
      try {
        frame = KlineStreamFrames.parse(text);
      } catch (IllegalArgumentException e) {
        stats.malformed.increment();
        LOG.warn("skipping a malformed frame ({}): {}", e.getMessage(), abbreviate(text));
        continue;
      }
      if (frame instanceof KlineStreamFrames.ServerShutdown) {
        LOG.info("Binance announced a server shutdown; reconnecting now");
        return;
      }
      if (frame instanceof KlineStreamFrames.KlineUpdate u) {
        if (!u.closed()) {
          stats.open.increment();
        } else if (u.interval() == interval) {
          deliver(u.symbol(), u.kline(), sink);
        }
      }
    }
  }

  /** Emits a closed candle once, in order, after fetching any candles missed before it. */
  private void deliver(String symbol, Kline k, Sink sink) {
    Long last;
    synchronized (lastEmitted) {
      last = lastEmitted.get(symbol);
    }
    if (last != null && k.openTime() <= last) {
      if (k.openTime() == last) {
        stats.duplicates.increment();
      } else {
        stats.late.increment();
      }
      return;
    }
    if (last != null && k.openTime() > interval.next(last)) {
      fetch(symbol, interval.next(last), k.openTime(), sink);
    }
    emit(symbol, k, sink);
  }

  private void emit(String symbol, Kline k, Sink sink) {
    synchronized (lastEmitted) {
      Long last = lastEmitted.get(symbol);
      if (last != null && k.openTime() <= last) {
        return;
      }
      lastEmitted.put(symbol, k.openTime());
    }
    stats.emitted.increment();
    sink.accept(new SeriesKey(market, symbol, interval), k);
  }

  /** After (re)connecting: the closed candles each symbol missed since its last one. */
  private void backfill(List<String> chunk, Sink sink) {
    long now = clock.millis();
    for (String symbol : chunk) {
      Long last;
      synchronized (lastEmitted) {
        last = lastEmitted.get(symbol);
      }
      if (last != null) {
        fetch(symbol, interval.next(last), now, sink);
      }
    }
  }

  private void fetch(String symbol, long from, long to, Sink sink) {
    long earliest = clock.millis() - options.maxBackfill().toMillis();
    long start = Math.max(from, earliest);
    if (start >= to) {
      return;
    }
    try {
      for (Kline k :
          rest.closedKlines(new SeriesKey(market, symbol, interval), start, to, clock.millis())) {
        emit(symbol, k, sink);
        stats.backfilled.increment();
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "could not fetch the missed {} candles from REST ({}); `update` will fill the gap",
          symbol,
          e.getMessage());
    }
  }

  private Session connect(List<String> chunk) {
    List<String> streams = new ArrayList<>();
    for (String s : chunk) {
      streams.add(s.toLowerCase(Locale.ROOT) + "@kline_" + interval.apiName());
    }
    int inUrl = Math.min(streams.size(), options.streamsInUrl());
    URI uri = URI.create(wsBase + "/stream?streams=" + String.join("/", streams.subList(0, inUrl)));
    Session session = new Session();
    try {
      session.socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(uri, session)
              .get(20, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          e.getCause() == null ? e.toString() : e.getCause().toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    stats.connections.increment();
    int id = 1;
    for (int i = inUrl; i < streams.size(); i += 200) {
      List<String> batch = streams.subList(i, Math.min(streams.size(), i + 200));
      String msg =
          "{\"method\":\"SUBSCRIBE\",\"params\":[\""
              + String.join("\",\"", batch)
              + "\"],\"id\":"
              + id++
              + "}";
      session.socket.sendText(msg, true).join();
      try {
        Thread.sleep(250); // Binance allows 5 incoming messages per second per connection
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return session;
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }

  /** One connection: its frames, in order, for the reading loop. */
  private static final class Session implements WebSocket.Listener {
    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;
    volatile String closeReason = "";

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      // The JDK itself answers with a pong echoing the payload (BinanceKlineStreamTest checks
      // it): sending one here too would answer twice.
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeReason = statusCode + " " + reason;
      frames.add(CLOSED);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeReason = String.valueOf(error);
      frames.add(CLOSED);
    }

    void close() {
      WebSocket s = socket;
      if (s != null && !s.isOutputClosed()) {
        s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
      }
      if (s != null) {
        s.abort();
      }
    }
  }

  @Override
  public Provenance.Kind storesAs() {
    return Provenance.Kind.WEBSOCKET;
  }

  @Override
  public String describe() {
    return "Binance "
        + market.cliName()
        + " "
        + interval
        + " kline streams of "
        + symbols.size()
        + " symbols";
  }
}
