package dev.cryptoanomaly.detect;

import dev.cryptoanomaly.UserException;
import java.util.Locale;

/** How each mixture component's covariance is shaped. */
public enum CovarianceType {
  /** Any covariance: features may be correlated within a regime. */
  FULL,
  /** Features independent within a regime: fewer parameters, faster, sturdier on little data. */
  DIAGONAL;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CovarianceType parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    return switch (t) {
      case "full" -> FULL;
      case "diag", "diagonal" -> DIAGONAL;
      default ->
          throw new UserException("unknown covariance type '" + text + "' (full or diagonal)");
    };
  }

  /** Free parameters of one component's covariance in {@code d} dimensions. */
  int parameters(int d) {
    return this == FULL ? d * (d + 1) / 2 : d;
  }
}
