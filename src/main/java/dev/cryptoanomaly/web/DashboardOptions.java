package dev.cryptoanomaly.web;

import dev.cryptoanomaly.UserException;
import java.util.Set;

/**
 * Where the dashboard listens and the access token it asks for. Binding anywhere but the loopback
 * interface exposes store and models to the network, so it requires a token.
 */
public record DashboardOptions(String host, int port, String token) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8501;
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
  static final int MIN_TOKEN = 16;

  public DashboardOptions {
    if (host == null || host.isBlank()) {
      throw new UserException("--host must name an address, such as 127.0.0.1");
    }
    if (port < 0 || port > 65_535) {
      throw new UserException("--port must be between 0 and 65535, got " + port);
    }
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (token != null && token.length() < MIN_TOKEN) {
      throw new UserException("the access token must have at least " + MIN_TOKEN + " characters");
    }
    if (!loopback(host) && token == null) {
      throw new UserException(
          "binding to "
              + host
              + " exposes the dashboard beyond this machine; set an access token with --token or "
              + dev.cryptoanomaly.config.Settings.WEB_TOKEN);
    }
  }

  public static boolean loopback(String host) {
    return LOOPBACK.contains(host) || host.startsWith("127.");
  }

  /** The address to open in a browser. */
  public String url(int boundPort) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    if ("0.0.0.0".equals(host)) {
      h = "127.0.0.1";
    }
    return "http://" + h + ":" + boundPort + "/";
  }
}
