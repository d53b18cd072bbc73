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
    requireTokenBeyondLoopback(host, token, java.net.InetAddress::getAllByName);
  }

  /** Refuses a bind whose resolved address is not loopback when no token guards it. */
  static void requireTokenBeyondLoopback(String host, String token, Resolver resolver) {
    if (token == null && !loopback(host, resolver)) {
      throw new UserException(
          "binding to "
              + host
              + " exposes the dashboard beyond this machine; set an access token with --token or "
              + dev.cryptoanomaly.config.Settings.WEB_TOKEN);
    }
  }

  /**
   * The address to bind, resolved once here: the one the token rule was decided on, so a name that
   * resolves differently a moment later cannot widen the bind.
   */
  public String bindAddress() {
    try {
      return java.net.InetAddress.getByName(unbracketed(host)).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw unresolvable(host);
    }
  }

  /** {@code [::1]} as the resolver takes it: {@code ::1}. */
  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static UserException unresolvable(String host) {
    return new UserException("--host " + host + " does not resolve to an address of this machine");
  }

  /**
   * Whether the address the name resolves to is a loopback address. Decided on the resolved
   * address, not the name, so that a name such as {@code 127.lan} that resolves to 0.0.0.0 (every
   * interface) needs a token like any other exposed bind.
   */
  public static boolean loopback(String host) {
    return loopback(host, java.net.InetAddress::getAllByName);
  }

  /** How a name becomes addresses: the system resolver, or a test's table of names. */
  @FunctionalInterface
  interface Resolver {
    java.net.InetAddress[] resolve(String name) throws java.net.UnknownHostException;
  }

  static boolean loopback(String host, Resolver resolver) {
    try {
      for (java.net.InetAddress a : resolver.resolve(unbracketed(host))) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (java.net.UnknownHostException e) {
      throw unresolvable(host);
    }
  }

  /**
   * The names a browser on this machine may put in the Host header of a loopback dashboard: the
   * loopback names and addresses, and the bound name itself, compared exactly. A DNS-rebinding
   * page's own name ({@code 127.attacker.example}) is none of them.
   */
  Set<String> acceptedHostNames() {
    java.util.Set<String> names = new java.util.HashSet<>(LOOPBACK);
    names.add(host.toLowerCase(java.util.Locale.ROOT));
    if (host.contains(":") && !host.startsWith("[")) {
      names.add("[" + host + "]");
    }
    return Set.copyOf(names);
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
