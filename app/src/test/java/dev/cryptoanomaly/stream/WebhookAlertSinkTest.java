package dev.cryptoanomaly.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.cryptoanomaly.alert.Severity;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.AlertEvent;
import dev.cryptoanomaly.online.WebhookAlertSink;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The webhook gets JSON posts, retried after a server error, limited per symbol. */
class WebhookAlertSinkTest {
  private static AlertEvent alert(String symbol, long firstHit) {
    return new AlertEvent(
        new SeriesKey(Market.SPOT, symbol, Interval.M1),
        "crypto-anomaly",
        1,
        AlertEvent.OPENED,
        firstHit,
        firstHit,
        firstHit,
        1,
        42.0,
        1e-4,
        Severity.HIGH,
        "{\"regime\":1,\"contributions\":[]}",
        firstHit);
  }

  @Test
  void postsJsonRetriesServerErrorsAndLimitsEachSymbol() throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failuresLeft = new AtomicInteger(2);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
          if (status == 204) {
            bodies.add(ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
          }
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    server.start();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    WebhookAlertSink sink = new WebhookAlertSink(url, 2, Duration.ofMillis(20));
    try {
      sink.publish(
          List.of(
              alert("BTCUSDT", 60_000),
              alert("BTCUSDT", 120_000),
              alert("BTCUSDT", 180_000),
              alert("ETHUSDT", 60_000)));
      await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.sum() == 3);
      assertThat(sink.limited.sum()).isEqualTo(1);
      assertThat(sink.failed.sum()).isZero();
      assertThat(bodies).hasSize(3);
      assertThat(bodies.get(0))
          .startsWith("application/json {\"kind\":\"opened\",\"id\":\"a")
          .contains("\"market\":\"spot\",")
          .contains("\"symbol\":\"BTCUSDT\"", "\"severity\":\"high\"", "\"regime\":1");
    } finally {
      sink.close();
      server.stop(0);
    }
  }
}
