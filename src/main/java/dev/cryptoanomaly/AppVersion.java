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
    out.put(
        "xchart",
        String.valueOf(org.knowm.xchart.XYChart.class.getPackage().getImplementationVersion()));
    return out;
  }
}
