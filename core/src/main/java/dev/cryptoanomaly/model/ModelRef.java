package dev.cryptoanomaly.model;

import dev.cryptoanomaly.UserException;

/**
 * {@code NAME}, {@code NAME@ALIAS} or {@code NAME@VERSION}: which registered model to use. A bare
 * name means its champion.
 */
public record ModelRef(String name, String alias, int version) {
  public static final String DEFAULT_NAME = "crypto-anomaly";
  public static final String CHAMPION = "champion";

  /** {@code crypto-anomaly@champion}, what commands and pages use unless told otherwise. */
  public static final String DEFAULT = DEFAULT_NAME + "@" + CHAMPION;

  /** {@code name@version}: one registered version. */
  public static ModelRef of(String name, int version) {
    return new ModelRef(name, null, version);
  }

  /** {@code name@alias}: whichever version the alias points to. */
  public static ModelRef aliased(String name, String alias) {
    return new ModelRef(name, alias, 0);
  }

  public static ModelRef parse(String text) {
    String t = text.strip();
    int at = t.indexOf('@');
    String name = at < 0 ? t : t.substring(0, at);
    String rest = at < 0 ? CHAMPION : t.substring(at + 1);
    ModelNames.require(name);
    if (rest.isEmpty()) {
      throw new UserException(
          "nothing after '@' in model '" + text + "' (NAME@champion or NAME@3)");
    }
    if (rest.chars().allMatch(Character::isDigit)) {
      int version;
      try {
        version = Integer.parseInt(rest);
      } catch (NumberFormatException e) {
        version = 0;
      }
      if (version < 1) {
        throw new UserException(
            "model version '"
                + rest
                + "' in '"
                + text
                + "' must be a number from 1 to "
                + Integer.MAX_VALUE);
      }
      return new ModelRef(name, null, version);
    }
    ModelNames.require(rest);
    return new ModelRef(name, rest, 0);
  }

  @Override
  public String toString() {
    return name + "@" + (alias != null ? alias : String.valueOf(version));
  }
}
