package dev.cryptoanomaly.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.testkit.TestDashboard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's guards as an attacker meets them: a DNS-rebinding Host header, a bind name that
 * resolves beyond loopback, credentials in a configured URL, terminal escapes in input, and a
 * session cookie that is not the token.
 */
class DashboardGuardsTest {
  @TempDir Path home;

  /** One raw HTTP/1.1 exchange, so the test can send the Host header a browser would send. */
  static String raw(int port, String host, String method, String path, String... headers)
      throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host);
      for (String h : headers) {
        req.append("\r\n").append(h);
      }
      String body = method.equals("POST") ? "{\"symbols\":\"BTCUSDT\",\"days\":\"1\"}" : "";
      req.append("\r\nContent-Length: ").append(body.length());
      req.append("\r\nConnection: close\r\n\r\n").append(body);
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static int status(String response) {
    return Integer.parseInt(response.substring(9, 12));
  }

  @Test
  void onlyTheExactLoopbackNamesMayAppearInTheHostHeader() throws Exception {
    Settings settings = Settings.fromMap(Map.of(), home).withHome(home);
    try (TestDashboard d = new TestDashboard(settings, Clock.systemUTC())) {
      int port = d.server.port();
      for (String ok : List.of("127.0.0.1", "localhost", "LOCALHOST")) {
        assertThat(status(raw(port, ok + ":" + port, "GET", "/api/overview")))
            .as(ok)
            .isEqualTo(200);
      }
      for (String rebound :
          List.of("127.attacker.example", "localhost.attacker.example", "127.0.0.1.nip.io")) {
        assertThat(status(raw(port, rebound + ":" + port, "GET", "/api/overview")))
            .as(rebound)
            .isEqualTo(403);
        String origin = "Origin: http://" + rebound + ":" + port;
        assertThat(
                status(
                    raw(
                        port,
                        rebound + ":" + port,
                        "POST",
                        "/api/data/download",
                        "Content-Type: application/json",
                        origin)))
            .as(rebound)
            .isEqualTo(403);
      }
    }
  }

  @Test
  void theTokenRuleIsDecidedOnTheResolvedAddressNotTheName() {
    DashboardOptions.Resolver rebinding =
        name ->
            switch (name) {
              case "127.lan" -> new InetAddress[] {InetAddress.getByAddress(new byte[4])};
              case "127.home" ->
                  new InetAddress[] {InetAddress.getByAddress(new byte[] {127, 0, 0, 1})};
              default -> throw new java.net.UnknownHostException(name);
            };
    assertThatThrownBy(
            () -> DashboardOptions.requireTokenBeyondLoopback("127.lan", null, rebinding))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("exposes the dashboard");
    DashboardOptions.requireTokenBeyondLoopback("127.home", null, rebinding);
    DashboardOptions.requireTokenBeyondLoopback("127.lan", "a-token-of-enough-length", rebinding);
    // The system resolver: "0" is every interface, and a name nobody knows is one line.
    assertThatThrownBy(() -> new DashboardOptions("0", 0, null))
        .hasMessageContaining("exposes the dashboard");
    assertThatThrownBy(() -> new DashboardOptions("127.nowhere.invalid", 0, null))
        .hasMessage("--host 127.nowhere.invalid does not resolve to an address of this machine");
  }

  @Test
  void theSessionCookieIsDerivedFromTheTokenNotTheTokenItself() throws Exception {
    String token = "s3cret-token-of-some-length";
    Settings settings = Settings.fromMap(Map.of(), home).withHome(home);
    try (DashboardServer server =
        DashboardServer.start(
            settings, Clock.systemUTC(), new DashboardOptions("127.0.0.1", 0, token))) {
      String link = raw(server.port(), "127.0.0.1", "GET", "/?token=" + token);
      assertThat(status(link)).isEqualTo(302);
      String cookieLine =
          link.lines()
              .filter(l -> l.toLowerCase().startsWith("set-cookie:"))
              .findFirst()
              .orElseThrow();
      assertThat(cookieLine).doesNotContain(token).contains("HttpOnly");
      String cookie = cookieLine.substring("set-cookie:".length()).strip().split(";")[0];
      assertThat(
              status(raw(server.port(), "127.0.0.1", "GET", "/api/overview", "Cookie: " + cookie)))
          .isEqualTo(200);
      assertThat(
              status(
                  raw(
                      server.port(),
                      "127.0.0.1",
                      "GET",
                      "/api/overview",
                      "Cookie: " + AccessGuard.COOKIE + "=" + token)))
          .as("the raw token is no session")
          .isEqualTo(401);
    }
  }

  @Test
  void credentialsInTheTrackingUriAppearNowhere() throws Exception {
    Settings settings =
        Settings.fromMap(
                Map.of(Settings.MLFLOW_TRACKING_URI, "http://analyst:hunter2-pw@127.0.0.1:9"), home)
            .withHome(home);
    try (TestDashboard d = new TestDashboard(settings, Clock.systemUTC())) {
      for (String path :
          List.of(
              "/api/health",
              "/api/overview",
              "/api/training",
              "/api/evaluation",
              "/",
              "/training",
              "/evaluation",
              "/data")) {
        TestDashboard.Reply r = d.get(path);
        assertThat(r.body()).as(path).doesNotContain("hunter2").doesNotContain("analyst:");
      }
      TestDashboard.Reply bad = d.post("/api/training/train", Map.of());
      assertThat(bad.status()).isBetween(400, 599);
      assertThat(bad.body()).doesNotContain("hunter2");
      assertThat(d.get("/api/health").body()).contains("***@127.0.0.1:9");
    }
  }

  @Test
  void terminalEscapesInInputComeBackEscaped() {
    Settings settings = Settings.fromMap(Map.of(), home).withHome(home);
    try (TestDashboard d = new TestDashboard(settings, Clock.systemUTC())) {
      TestDashboard.Reply r =
          d.post("/api/data/download", Map.of("symbols", "\u001b[2J\u001b]0;pwned\u0007BTC"));
      assertThat(r.status()).isEqualTo(400);
      String error = String.valueOf(r.json().get("error"));
      assertThat(error).doesNotContain("\u001b").doesNotContain("\u0007").contains("\\u001b[2J");
    }
  }
}
