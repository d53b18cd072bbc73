package dev.cryptoanomaly.config;

import dev.cryptoanomaly.Messages;
import dev.cryptoanomaly.UserException;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
    Optional<String> webhookUrl,
    Optional<String> webToken,
    S3 s3,
    boolean timescale,
    double driftRetrainPsi,
    double incidentMarketShare,
    URI listingUrl,
    java.time.Duration listingTtl,
    Optional<String> gateLabels,
    Kafka kafka) {

  public static final String HOME = "CRYPTO_ANOMALY_HOME";
  public static final String DATABASE_URL = "DATABASE_URL";
  public static final String REDIS_URL = "REDIS_URL";
  public static final String MLFLOW_TRACKING_URI = "MLFLOW_TRACKING_URI";
  public static final String ARCHIVE_URL = "CRYPTO_ANOMALY_BINANCE__ARCHIVE_URL";
  public static final String API_URL = "CRYPTO_ANOMALY_BINANCE__API_URL";
  public static final String WS_URL = "CRYPTO_ANOMALY_BINANCE__WS_URL";

  /**
   * The archive bucket's S3 listing (ListObjects), which names every symbol ever archived: the
   * archive's own host serves objects, not listings.
   */
  public static final String LISTING_URL = "CRYPTO_ANOMALY_BINANCE__LISTING_URL";

  public static final String DEFAULT_LISTING_URL =
      "https://s3-ap-northeast-1.amazonaws.com/data.binance.vision";

  /** How long a fetched symbol listing is used before it is fetched again (a time: 6h, 30m). */
  public static final String LISTING_TTL = "CRYPTO_ANOMALY_BINANCE__LISTING_TTL";

  public static final java.time.Duration DEFAULT_LISTING_TTL = java.time.Duration.ofHours(24);

  /** Where workers POST alert announcements (JSON); unset = no webhook. */
  public static final String WEBHOOK_URL = "CRYPTO_ANOMALY_ALERTS__WEBHOOK_URL";

  /** The dashboard's access token, needed to bind beyond the loopback interface. */
  public static final String WEB_TOKEN = "CRYPTO_ANOMALY_WEB__TOKEN";

  /**
   * {@code true} lays PostgreSQL's klines out as a TimescaleDB hypertable when the server has the
   * extension; unset or {@code false}, the monthly partitions every test runs. Opt-in, because no
   * test here can exercise TimescaleDB.
   */
  public static final String TIMESCALE = "CRYPTO_ANOMALY_STORE__TIMESCALE";

  /**
   * The population stability index past which the scheduled drift check starts the gated retrain of
   * a champion (default {@link #DEFAULT_DRIFT_RETRAIN_PSI}, "significant").
   */
  public static final String DRIFT_RETRAIN_PSI = "CRYPTO_ANOMALY_DRIFT__RETRAIN_PSI";

  public static final double DEFAULT_DRIFT_RETRAIN_PSI = 0.25;

  /**
   * The least share of a model's symbols that must alert together, with the reference, for an
   * incident to be market-wide (default 0.5; see {@code IncidentRule}).
   */
  public static final String INCIDENT_MARKET_SHARE = "CRYPTO_ANOMALY_ALERTS__INCIDENT_MARKET_SHARE";

  public static final double DEFAULT_INCIDENT_MARKET_SHARE = 0.5;

  /**
   * Labelled events every promotion is also judged on (a labels CSV, or {@code triage} for the
   * analysts' verdicts); unset = injected anomalies only. {@code models promote --labels} overrides
   * it for one promotion.
   */
  public static final String GATE_LABELS = "CRYPTO_ANOMALY_GATE__LABELS";

  /**
   * Kafka's own name for the brokers to bootstrap from ({@code host:port[,host:port]}); set, {@code
   * stream} publishes candles on Kafka instead of Redis and alerts go to a Kafka topic too.
   */
  public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";

  /** Partitions of the topics created when missing (default {@link Kafka#DEFAULT_PARTITIONS}). */
  public static final String KAFKA_PARTITIONS = "CRYPTO_ANOMALY_KAFKA__PARTITIONS";

  /** Replicas of the topics created when missing (default: the brokers' own default). */
  public static final String KAFKA_REPLICATION = "CRYPTO_ANOMALY_KAFKA__REPLICATION";

  /**
   * What every topic name starts with (default {@code crypto-anomaly.}), so that several
   * deployments (or test runs) can share one cluster: {@code <prefix>candles}, {@code
   * <prefix>alerts}.
   */
  public static final String KAFKA_TOPIC_PREFIX = "CRYPTO_ANOMALY_KAFKA__TOPIC_PREFIX";

  /** MLflow's own names for an S3-compatible artifact store (MinIO): endpoint and credentials. */
  public static final String S3_ENDPOINT_URL = "MLFLOW_S3_ENDPOINT_URL";

  public static final String S3_ACCESS_KEY = "AWS_ACCESS_KEY_ID";
  public static final String S3_SECRET_KEY = "AWS_SECRET_ACCESS_KEY";
  public static final String S3_REGION = "AWS_REGION";

  /** Every name the application reads: deployments (docker-compose) may set only these. */
  public static final List<String> NAMES =
      List.of(
          HOME,
          DATABASE_URL,
          REDIS_URL,
          MLFLOW_TRACKING_URI,
          ARCHIVE_URL,
          API_URL,
          WS_URL,
          WEBHOOK_URL,
          WEB_TOKEN,
          TIMESCALE,
          DRIFT_RETRAIN_PSI,
          INCIDENT_MARKET_SHARE,
          LISTING_URL,
          LISTING_TTL,
          GATE_LABELS,
          S3_ENDPOINT_URL,
          S3_ACCESS_KEY,
          S3_SECRET_KEY,
          S3_REGION,
          KAFKA_BOOTSTRAP_SERVERS,
          KAFKA_PARTITIONS,
          KAFKA_REPLICATION,
          KAFKA_TOPIC_PREFIX);

  /**
   * Where the Kafka bus is and how its topics are made when missing.
   *
   * @param bootstrapServers unset = no Kafka
   * @param replication unset = the brokers' {@code default.replication.factor}
   */
  public record Kafka(
      Optional<String> bootstrapServers,
      int partitions,
      Optional<Short> replication,
      String topicPrefix) {
    public static final int DEFAULT_PARTITIONS = 16;
    public static final String DEFAULT_TOPIC_PREFIX = "crypto-anomaly.";

    /** No Kafka. */
    public static Kafka none() {
      return new Kafka(
          Optional.empty(), DEFAULT_PARTITIONS, Optional.empty(), DEFAULT_TOPIC_PREFIX);
    }

    /** The topic closed candles go on, keyed by series. */
    public String candlesTopic() {
      return topicPrefix + "candles";
    }

    /** The topic alert and incident announcements go on. */
    public String alertsTopic() {
      return topicPrefix + "alerts";
    }
  }

  /**
   * Where and as whom model artifacts are read and written when the tracking server keeps them in
   * an S3 bucket ({@code s3://...} artifact URIs). Unset endpoint = AWS itself.
   */
  public record S3(
      Optional<URI> endpoint,
      Optional<String> accessKey,
      Optional<String> secretKey,
      String region) {
    public static final String DEFAULT_REGION = "us-east-1";

    /** No endpoint, no credentials: enough for servers that proxy their artifacts. */
    public static S3 none() {
      return new S3(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_REGION);
    }

    @Override
    public String toString() {
      return "S3[endpoint="
          + endpoint.map(URI::toString).orElse("AWS")
          + ", accessKey="
          + accessKey.orElse("none")
          + ", region="
          + region
          + "]"; // never the secret
    }
  }

  /**
   * These settings by name, as {@link #fromMap} reads them back to equal settings: what a job sent
   * to other machines (a Flink cluster's task managers) carries.
   */
  public Map<String, String> toValues() {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    m.put(HOME, home.toString());
    databaseUrl.ifPresent(v -> m.put(DATABASE_URL, v));
    redisUrl.ifPresent(v -> m.put(REDIS_URL, v));
    mlflowTrackingUri.ifPresent(v -> m.put(MLFLOW_TRACKING_URI, v));
    m.put(ARCHIVE_URL, archiveUrl.toString());
    m.put(API_URL, apiUrl.toString());
    m.put(WS_URL, wsUrl.toString());
    webhookUrl.ifPresent(v -> m.put(WEBHOOK_URL, v));
    webToken.ifPresent(v -> m.put(WEB_TOKEN, v));
    s3.endpoint().ifPresent(v -> m.put(S3_ENDPOINT_URL, v.toString()));
    s3.accessKey().ifPresent(v -> m.put(S3_ACCESS_KEY, v));
    s3.secretKey().ifPresent(v -> m.put(S3_SECRET_KEY, v));
    m.put(S3_REGION, s3.region());
    m.put(TIMESCALE, Boolean.toString(timescale));
    m.put(DRIFT_RETRAIN_PSI, Double.toString(driftRetrainPsi));
    m.put(INCIDENT_MARKET_SHARE, Double.toString(incidentMarketShare));
    m.put(LISTING_URL, listingUrl.toString());
    m.put(LISTING_TTL, listingTtl.toSeconds() + "s");
    gateLabels.ifPresent(v -> m.put(GATE_LABELS, v));
    kafka.bootstrapServers().ifPresent(v -> m.put(KAFKA_BOOTSTRAP_SERVERS, v));
    m.put(KAFKA_PARTITIONS, Integer.toString(kafka.partitions()));
    kafka.replication().ifPresent(v -> m.put(KAFKA_REPLICATION, v.toString()));
    m.put(KAFKA_TOPIC_PREFIX, kafka.topicPrefix());
    return m;
  }

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
        value(values, WEBHOOK_URL),
        value(values, WEB_TOKEN),
        new S3(
            value(values, S3_ENDPOINT_URL).map(v -> uri(values, S3_ENDPOINT_URL, v)),
            value(values, S3_ACCESS_KEY),
            value(values, S3_SECRET_KEY),
            value(values, S3_REGION).orElse(S3.DEFAULT_REGION)),
        flag(values, TIMESCALE),
        positive(values, DRIFT_RETRAIN_PSI, DEFAULT_DRIFT_RETRAIN_PSI),
        share(values, INCIDENT_MARKET_SHARE, DEFAULT_INCIDENT_MARKET_SHARE),
        uri(values, LISTING_URL, DEFAULT_LISTING_URL),
        duration(values, LISTING_TTL, DEFAULT_LISTING_TTL),
        value(values, GATE_LABELS),
        kafka(values));
  }

  private static Kafka kafka(Map<String, String> values) {
    int partitions = (int) whole(values, KAFKA_PARTITIONS, Kafka.DEFAULT_PARTITIONS, 10_000);
    Optional<Short> replication =
        value(values, KAFKA_REPLICATION)
            .map(v -> (short) whole(values, KAFKA_REPLICATION, 1, Short.MAX_VALUE));
    String prefix = value(values, KAFKA_TOPIC_PREFIX).orElse(Kafka.DEFAULT_TOPIC_PREFIX);
    if (!prefix.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new UserException(
          KAFKA_TOPIC_PREFIX
              + " may hold only letters, digits, '.', '_' and '-', got '"
              + Messages.oneLine(prefix)
              + "'");
    }
    return new Kafka(value(values, KAFKA_BOOTSTRAP_SERVERS), partitions, replication, prefix);
  }

  private static long whole(Map<String, String> values, String name, long fallback, long max) {
    Optional<String> v = value(values, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v.get().strip());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UserException(
        name
            + " must be a whole number from 1 to "
            + max
            + ", got '"
            + Messages.oneLine(v.get())
            + "'");
  }

  private static java.time.Duration duration(
      Map<String, String> values, String name, java.time.Duration fallback) {
    Optional<String> v = value(values, name);
    if (v.isEmpty() || v.get().isBlank()) {
      return fallback;
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(v.get().strip());
    if (!m.matches()) {
      throw new dev.cryptoanomaly.UserException(
          name + " must be a time such as 30m, 6h or 2d, got '" + Messages.oneLine(v.get()) + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> java.time.Duration.ofSeconds(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      default -> java.time.Duration.ofDays(n);
    };
  }

  /** The same settings reading the bucket listing from another URL (local test servers). */
  public Settings withListing(URI listing) {
    return new Settings(
        home,
        databaseUrl,
        redisUrl,
        mlflowTrackingUri,
        archiveUrl,
        apiUrl,
        wsUrl,
        webhookUrl,
        webToken,
        s3,
        timescale,
        driftRetrainPsi,
        incidentMarketShare,
        listing,
        listingTtl,
        gateLabels,
        kafka);
  }

  private static double share(Map<String, String> values, String name, double fallback) {
    double d = positive(values, name, fallback);
    if (d > 1) {
      throw new dev.cryptoanomaly.UserException(
          name + " is a share of the symbols, above 0 and at most 1, got " + d);
    }
    return d;
  }

  private static double positive(Map<String, String> values, String name, double fallback) {
    Optional<String> v = value(values, name);
    if (v.isEmpty() || v.get().isBlank()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.get().strip());
      if (d > 0 && Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new dev.cryptoanomaly.UserException(
        name + " must be a number above 0, got '" + Messages.oneLine(v.get()) + "'");
  }

  private static boolean flag(Map<String, String> values, String name) {
    String v = value(values, name).orElse("false").strip().toLowerCase(java.util.Locale.ROOT);
    return switch (v) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off", "" -> false;
      default ->
          throw new dev.cryptoanomaly.UserException(
              name + " must be true or false, got '" + Messages.oneLine(v) + "'");
    };
  }

  /** How incidents are scoped: the market reference (BTCUSDT) and the share set here. */
  public dev.cryptoanomaly.alert.IncidentRule incidentRule() {
    return new dev.cryptoanomaly.alert.IncidentRule(
        dev.cryptoanomaly.alert.IncidentRule.DEFAULT.referenceSymbol(), incidentMarketShare);
  }

  /** The same settings with another data folder (tests and tools). */
  public Settings withHome(Path newHome) {
    return new Settings(
        newHome,
        databaseUrl,
        redisUrl,
        mlflowTrackingUri,
        archiveUrl,
        apiUrl,
        wsUrl,
        webhookUrl,
        webToken,
        s3,
        timescale,
        driftRetrainPsi,
        incidentMarketShare,
        listingUrl,
        listingTtl,
        gateLabels,
        kafka);
  }

  /** The same settings pointing every Binance client at other base URLs (local test servers). */
  public Settings withBinance(URI archive, URI api, URI ws) {
    return new Settings(
        home,
        databaseUrl,
        redisUrl,
        mlflowTrackingUri,
        archive,
        api,
        ws,
        webhookUrl,
        webToken,
        s3,
        timescale,
        driftRetrainPsi,
        incidentMarketShare,
        listingUrl,
        listingTtl,
        gateLabels,
        kafka);
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
