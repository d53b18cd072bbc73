package dev.cryptoanomaly.web;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Symbols;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fields of a JSON request body, read with validation: every value is checked for type and
 * range, and a mistake is a one-line message naming the field.
 */
final class Fields {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.,@:* -]{0,200}");
  private final Map<String, Object> body;

  Fields(Map<String, Object> body) {
    this.body = body == null ? Map.of() : body;
  }

  /**
   * Refuses a field the form does not have: a misspelt {@code strat} would otherwise be ignored and
   * the default period used without a word.
   */
  Fields only(String... names) {
    List<String> known = Arrays.asList(names);
    for (String key : body.keySet()) {
      if (!known.contains(key)) {
        throw new UserException(
            "unknown field '" + clip(key) + "' (this form has " + String.join(", ", known) + ")");
      }
    }
    return this;
  }

  boolean has(String name) {
    Object v = body.get(name);
    return v != null && !(v instanceof String s && s.isBlank());
  }

  String text(String name, String fallback) {
    if (!has(name)) {
      return fallback;
    }
    Object v = body.get(name);
    if (!(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean)) {
      throw new UserException("field '" + name + "' must be text");
    }
    String s = String.valueOf(v).strip();
    if (!PLAIN.matcher(s).matches()) {
      throw new UserException(
          "field '" + name + "' has characters that are not allowed: '" + clip(s) + "'");
    }
    return s;
  }

  /**
   * A text field read by a library parser ({@code Interval::parse}, {@code Market::parse}, ...);
   * the parser's one-line complaint comes back naming the field.
   */
  <T> T parsed(String name, String fallback, java.util.function.Function<String, T> parser) {
    String s = text(name, fallback);
    return s == null ? null : inField(name, () -> parser.apply(s));
  }

  /** Runs a library check of one field's value; its complaint comes back naming the field. */
  static <T> T inField(String name, java.util.function.Supplier<T> check) {
    try {
      return check.get();
    } catch (UserException e) {
      throw new UserException("field '" + name + "': " + e.getMessage(), e);
    }
  }

  /** An optional UTC date, YYYY-MM-DD. */
  String date(String name) {
    String s = text(name, null);
    if (s != null && !DATE.matcher(s).matches()) {
      throw new UserException(
          "field '" + name + "' must be a date like 2024-05-01, got '" + s + "'");
    }
    if (s != null) {
      try {
        java.time.LocalDate.parse(s);
      } catch (java.time.format.DateTimeParseException e) {
        throw new UserException("field '" + name + "': " + s + " is not a date of the calendar");
      }
    }
    return s;
  }

  Integer integer(String name, Integer fallback, int min, int max) {
    if (!has(name)) {
      return fallback;
    }
    Object v = body.get(name);
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else {
      try {
        n = Long.parseLong(String.valueOf(v).strip());
      } catch (NumberFormatException e) {
        throw new UserException(
            "field '" + name + "' must be a whole number, got '" + clip(v) + "'");
      }
    }
    if (n < min || n > max) {
      throw new UserException(
          "field '" + name + "' must be between " + min + " and " + max + ", got " + n);
    }
    return (int) n;
  }

  double number(String name, double fallback, double min, double max) {
    if (!has(name)) {
      return fallback;
    }
    double d;
    try {
      d = Double.parseDouble(String.valueOf(body.get(name)).strip());
    } catch (NumberFormatException e) {
      throw new UserException(
          "field '" + name + "' must be a number, got '" + clip(body.get(name)) + "'");
    }
    if (!(d >= min && d <= max)) {
      throw new UserException(
          "field '" + name + "' must be between " + min + " and " + max + ", got " + d);
    }
    return d;
  }

  boolean flag(String name) {
    Object v = body.get(name);
    return v instanceof Boolean b ? b : v != null && "true".equalsIgnoreCase(String.valueOf(v));
  }

  /** A list given as a JSON array or a comma-separated string; empty when absent. */
  List<String> list(String name) {
    Object v = body.get(name);
    if (v == null) {
      return List.of();
    }
    List<String> raw =
        v instanceof List<?> l
            ? l.stream().map(String::valueOf).toList()
            : Arrays.asList(String.valueOf(v).split(","));
    List<String> out = raw.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String s : out) {
      if (!PLAIN.matcher(s).matches()) {
        throw new UserException(
            "field '" + name + "' has characters that are not allowed: '" + clip(s) + "'");
      }
    }
    return out;
  }

  /** Trading pairs, normalised and validated; the defaults when absent. */
  List<String> symbols(String name, List<String> fallback) {
    List<String> raw = list(name);
    if (raw.isEmpty()) {
      if (fallback == null) {
        return null;
      }
      raw = fallback;
    }
    List<String> given = raw;
    return inField(name, () -> Symbols.normaliseAll(given));
  }

  /**
   * A path on the machine that runs the dashboard, absolute or relative to its working folder;
   * required, and it must exist.
   */
  java.nio.file.Path existingPath(String name) {
    Object v = body.get(name);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new UserException("field '" + name + "' is required: a file or folder to read");
    }
    String text = s.strip();
    if (text.length() > 1000 || text.chars().anyMatch(Character::isISOControl)) {
      throw new UserException("field '" + name + "' is not a path: '" + clip(text) + "'");
    }
    java.nio.file.Path path;
    try {
      path = java.nio.file.Path.of(text).toAbsolutePath().normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw new UserException("field '" + name + "' is not a path: " + e.getReason());
    }
    if (!java.nio.file.Files.exists(path)) {
      throw new UserException(
          "field '" + name + "': " + path + " does not exist on the machine running the dashboard");
    }
    return path;
  }

  static String clip(Object v) {
    String s = String.valueOf(v);
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
