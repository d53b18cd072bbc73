package dev.cryptoanomaly.store.postgres;

import dev.cryptoanomaly.UserException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code DATABASE_URL} as {@code postgresql://user:password@host:port/database[?params]}. Its
 * {@link #toString()} and every message name host and database, never the password.
 */
public record PostgresUrl(
    String host, int port, String database, String user, String password, String query) {

  public static PostgresUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new UserException("DATABASE_URL is not a URL like postgresql://user:pass@host:5432/db");
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equals("postgresql") || scheme.equals("postgres"))) {
      throw new UserException(
          "DATABASE_URL must start with postgresql:// (got scheme '" + scheme + "')");
    }
    if (uri.getHost() == null) {
      throw new UserException("DATABASE_URL names no host");
    }
    String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
    if (path.isEmpty()) {
      throw new UserException(
          "DATABASE_URL names no database (postgresql://user:pass@host:5432/db)");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : null;
    }
    return new PostgresUrl(
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        path,
        user,
        password,
        uri.getRawQuery());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The JDBC URL, without credentials (they go to the data source separately). */
  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + (query == null ? "" : "?" + query);
  }

  /** The same server, another database (tests create and drop their own). */
  public PostgresUrl withDatabase(String other) {
    return new PostgresUrl(host, port, other, user, password, query);
  }

  @Override
  public String toString() {
    return "PostgreSQL database '" + database + "' on " + host + ":" + port;
  }
}
