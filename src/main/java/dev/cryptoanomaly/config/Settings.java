package dev.cryptoanomaly.config;

import dev.cryptoanomaly.UserException;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings read once at an entry point from the environment and an optional {@code .env} file in
 * the working directory (the environment wins), then passed down. The names are fixed by DESIGN.md.
 */
public record Settings(
    Path home,
    Optional<String> databaseUrl,
    Optional<String> redisUrl,
    Optional<String> mlflowTrackingUri,
    URI archiveUrl,
    URI apiUrl,
    URI wsUrl,
    Optional<String> webhookUrl) {

  public static final String HOME = "CRYPTO_ANOMALY_HOME";
  public static final String DATABASE_URL = "DATABASE_URL";
  public static final String REDIS_URL = "REDIS_URL";
  public static final String MLFLOW_TRACKING_URI = "MLFLOW_TRACKING_URI";
  public static final String ARCHIVE_URL = "CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL";
  public static final String API_URL = "CRYPTO_ANOMALY_BINANCE__API_URL";
  public static final String WS_URL = "CRYPTO_ANOMALY_BINANCE__WS_URL";

  /** Where workers POST alert announcements (JSON); unset = no webhook. */
  public static final String WEBHOOK_URL = "CRYPTO_ANOMALY_ALERTS__WEBHOOK_URL";

  /** Loads from the process environment and {@code workingDir/.env}. */
  public static Settings load(Path workingDir) {
    return fromMap(merged(System.getenv(), workingDir), workingDir);
  }

  /** Builds settings from explicit values; relative paths resolve against {@code workingDir}. */
  public static Settings fromMap(Map<String, String> values, Path workingDir) {
    Path home = workingDir.resolve(value(values, HOME).orElse(".crypto-anomaly")).normalize();
    return new Settings(
        home,
        value(values, DATABASE_URL),
        value(values, REDIS_URL),
        value(values, MLFLOW_TRACKING_URI),
        uri(values, ARCHIVE_URL, "https://data.binance.vision"),
        uri(values, API_URL, "https://api.binance.com"),
        uri(values, WS_URL, "wss://stream.binance.com:9443"),
        value(values, WEBHOOK_URL));
  }

  /** The same settings with another data folder (tests and tools). */
  public Settings withHome(Path newHome) {
    return new Settings(
        newHome, databaseUrl, redisUrl, mlflowTrackingUri, archiveUrl, apiUrl, wsUrl, webhookUrl);
  }

  /** The same settings pointing every Binance client at other base URLs (local test servers). */
  public Settings withBinance(URI archive, URI api, URI ws) {
    return new Settings(
        home, databaseUrl, redisUrl, mlflowTrackingUri, archive, api, ws, webhookUrl);
  }

  private static Map<String, String> merged(Map<String, String> env, Path workingDir) {
    Map<String, String> result = new HashMap<>();
    Path dotenv = workingDir.resolve(".env");
    if (Files.isRegularFile(dotenv)) {
      try {
        Dotenv.configure()
            .directory(workingDir.toString())
            .filename(".env")
            .load()
            .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)
            .forEach(e -> result.put(e.getKey(), e.getValue()));
      } catch (DotenvException e) {
        throw new UserException("cannot read " + dotenv + ": " + e.getMessage(), e);
      }
    }
    result.putAll(env);
    return result;
  }

  private static Optional<String> value(Map<String, String> values, String name) {
    String v = values.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  private static URI uri(Map<String, String> values, String name, String fallback) {
    String raw = value(values, name).orElse(fallback);
    try {
      URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new UserException(name + " must be an absolute URL, got '" + raw + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UserException(name + " is not a valid URL: '" + raw + "'", e);
    }
  }
}
