package dev.cryptoanomaly.model;

import dev.cryptoanomaly.UserException;
import java.util.regex.Pattern;

/** Model and alias names: letters, digits, dot, dash and underscore, safe as folder names. */
public final class ModelNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ModelNames() {}

  public static String require(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new UserException(
          "model name '"
              + name
              + "' must be 1 to 64 letters, digits, '.', '-' or '_', starting with a letter or"
              + " digit");
    }
    return name;
  }
}
