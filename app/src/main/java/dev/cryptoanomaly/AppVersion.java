package dev.cryptoanomaly;

import java.util.LinkedHashMap;
import java.util.Map;

/** This program's version and the versions of what it runs on, for manifests and tracking. */
public final class AppVersion {
  public static final String VERSION = "0.1.0";

  private AppVersion() {}

  /** Java and the libraries whose behaviour a trained model depends on. */
  public static Map<String, String> libraries() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("crypto-anomaly", VERSION);
    out.put("java", Runtime.version().toString());
    out.put(
        "jackson-databind", com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString());
    out.put("xchart", mavenVersion(org.knowm.xchart.XYChart.class, "org.knowm.xchart", "xchart"));
    return out;
  }

  /**
   * A library's version from the {@code pom.properties} Maven puts in its jar (XChart's manifest
   * has no Implementation-Version); "unknown" when the jar carries none.
   */
  static String mavenVersion(Class<?> inJar, String group, String artifact) {
    String path = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (java.io.InputStream in = inJar.getResourceAsStream(path)) {
      if (in != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v;
        }
      }
    } catch (java.io.IOException e) {
      // fall through: the version is for people, not for loading anything
    }
    return "unknown";
  }
}
