package dev.cryptoanomaly.alert;

import dev.cryptoanomaly.kline.SeriesKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Short ids analysts copy into {@code alerts triage}: a letter ({@code a} alert, {@code i}
 * incident) and 12 base-32 characters of a SHA-256 of what identifies it (60 bits: a collision
 * among a billion alerts is unlikely). The same alert gets the same id in every store and on every
 * run, because it is derived, not drawn.
 */
public final class AlertIds {
  private static final String DIGITS = "0123456789abcdefghjkmnpqrstvwxyz";
  private static final int LENGTH = 12;

  private AlertIds() {}

  /** An alert is its series, model version and onset: the stream and batch keep all three. */
  public static String alert(SeriesKey series, String model, int version, long firstHit) {
    return "a"
        + digest(
            series.market().cliName()
                + "|"
                + series.symbol()
                + "|"
                + series.interval().archiveName()
                + "|"
                + model
                + "|"
                + version
                + "|"
                + firstHit);
  }

  /** An incident's first id: its source, onset and lead symbol. */
  public static String incident(IncidentSource source, long onset, String lead) {
    return "i"
        + digest(
            source.market().cliName()
                + "|"
                + source.interval().archiveName()
                + "|"
                + source.label()
                + "|"
                + onset
                + "|"
                + lead);
  }

  /** Whether {@code id} has the shape of an id, so a typo is told apart from an unknown id. */
  public static boolean wellFormed(String id) {
    if (id == null || id.length() != LENGTH + 1 || (id.charAt(0) != 'a' && id.charAt(0) != 'i')) {
      return false;
    }
    for (int i = 1; i < id.length(); i++) {
      if (DIGITS.indexOf(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = bits << 8 | (hash[i] & 0xff);
      }
      char[] out = new char[LENGTH];
      for (int i = 0; i < LENGTH; i++) {
        out[i] = DIGITS.charAt((int) (bits >>> (64 - 5 * (i + 1))) & 31);
      }
      return new String(out);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
