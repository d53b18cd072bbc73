package dev.cryptoanomaly.testkit;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.PingFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local stand-in for Binance's WebSocket market streams: {@code /stream?streams=a@kline_1m/...}
 * combined streams, SUBSCRIBE requests answered as Binance does, kline payloads in Binance's format
 * (strings for prices, {@code x} for closed), pings with a payload whose pongs are recorded, and
 * connections that can be dropped on demand.
 */
public final class FakeBinanceStream implements AutoCloseable {
  private final Server server;
  private final Map<WebSocket, Set<String>> subscriptions = new ConcurrentHashMap<>();
  private final List<String> pongs = Collections.synchronizedList(new ArrayList<>());
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch started = new CountDownLatch(1);

  public FakeBinanceStream() throws InterruptedException {
    server = new Server(new InetSocketAddress("127.0.0.1", 0));
    server.setConnectionLostTimeout(0);
    server.setReuseAddr(true);
    server.start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake WebSocket server did not start");
    }
  }

  public URI uri() {
    return URI.create("ws://127.0.0.1:" + server.getPort());
  }

  /** Connections ever opened. */
  public int connections() {
    return connections.get();
  }

  /** Connections open now with at least one stream. */
  public int open() {
    return (int) subscriptions.values().stream().filter(s -> !s.isEmpty()).count();
  }

  /** Paths and SUBSCRIBE messages received, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  /** Payloads of the pongs received. */
  public List<String> pongs() {
    return List.copyOf(pongs);
  }

  /** Sends a kline update to every connection subscribed to its stream. */
  public void kline(String symbol, Interval interval, Kline k, boolean closed) {
    String stream = symbol.toLowerCase(Locale.ROOT) + "@kline_" + interval.apiName();
    String payload =
        "{\"stream\":\""
            + stream
            + "\",\"data\":{\"e\":\"kline\",\"E\":"
            + (k.closeTime() + 1)
            + ",\"s\":\""
            + symbol
            + "\",\"k\":{\"t\":"
            + k.openTime()
            + ",\"T\":"
            + k.closeTime()
            + ",\"s\":\""
            + symbol
            + "\",\"i\":\""
            + interval.apiName()
            + "\",\"f\":100,\"L\":200,\"o\":\""
            + k.open()
            + "\",\"c\":\""
            + k.close()
            + "\",\"h\":\""
            + k.high()
            + "\",\"l\":\""
            + k.low()
            + "\",\"v\":\""
            + k.volume()
            + "\",\"n\":"
            + k.trades()
            + ",\"x\":"
            + closed
            + ",\"q\":\""
            + k.quoteVolume()
            + "\",\"V\":\""
            + k.takerBuyBase()
            + "\",\"Q\":\""
            + k.takerBuyQuote()
            + "\",\"B\":\"0\"}}}";
    subscriptions.forEach(
        (conn, streams) -> {
          if (streams.contains(stream) && conn.isOpen()) {
            conn.send(payload);
          }
        });
  }

  /** Sends a raw text frame to every open connection (malformed frames, shutdown notices). */
  public void raw(String text) {
    subscriptions.keySet().forEach(c -> c.send(text));
  }

  /** Pings every connection with a payload; pongs are recorded in {@link #pongs()}. */
  public void ping(String payload) {
    for (WebSocket c : subscriptions.keySet()) {
      PingFrame ping = new PingFrame();
      ping.setPayload(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8)));
      c.sendFrame(ping);
    }
  }

  /** Drops every connection without a closing handshake, as a network failure would. */
  public void dropAll() {
    for (WebSocket c : List.copyOf(subscriptions.keySet())) {
      subscriptions.remove(c);
      c.closeConnection(1006, "dropped by the test");
    }
  }

  @Override
  public void close() throws InterruptedException {
    server.stop(1000);
  }

  private final class Server extends WebSocketServer {
    Server(InetSocketAddress address) {
      super(address);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      String path = handshake.getResourceDescriptor();
      requests.add(path);
      Set<String> streams = ConcurrentHashMap.newKeySet();
      int q = path.indexOf("streams=");
      if (path.startsWith("/stream") && q >= 0) {
        for (String s : path.substring(q + "streams=".length()).split("/")) {
          if (!s.isEmpty()) {
            streams.add(s);
          }
        }
      }
      subscriptions.put(conn, streams);
      connections.incrementAndGet();
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      requests.add(message);
      if (message.contains("\"SUBSCRIBE\"")) {
        int open = message.indexOf('[');
        int close = message.indexOf(']');
        for (String s : message.substring(open + 1, close).split(",")) {
          subscriptions.get(conn).add(s.replace("\"", "").strip());
        }
        String id = message.replaceAll(".*\"id\":(\\d+).*", "$1");
        conn.send("{\"result\":null,\"id\":" + id + "}");
      }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
      pongs.add(StandardCharsets.UTF_8.decode(f.getPayloadData()).toString());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      subscriptions.remove(conn);
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {}

    @Override
    public void onStart() {
      started.countDown();
    }
  }
}
