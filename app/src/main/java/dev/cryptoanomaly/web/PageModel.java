package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data of one page, the same for its JSON API and its HTML. A section that cannot be built
 * (store empty or down, tracking server unreachable) becomes a helpful message instead of failing
 * the whole page.
 */
final class PageModel {
  private static final Logger LOG = LoggerFactory.getLogger(PageModel.class);
  private final Map<String, Object> values = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();

  PageModel put(String key, Object value) {
    values.put(key, value);
    return this;
  }

  /** Puts the section, or {@code fallback} and a message saying what is missing. */
  <T> T section(String key, Supplier<T> build, T fallback) {
    try {
      T v = build.get();
      values.put(key, v);
      return v;
    } catch (dev.cryptoanomaly.UserException e) {
      problems.add(FormMessages.of(e));
    } catch (dev.cryptoanomaly.OperationalException e) {
      problems.add(Messages.oneLine(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.warn("page section {} failed", key, e);
      problems.add(key + " is unavailable: " + Messages.oneLine(String.valueOf(e.getMessage())));
    }
    values.put(key, fallback);
    return fallback;
  }

  /** A hint for an empty state (no data yet, no model yet). */
  PageModel hint(String message) {
    problems.add(message);
    return this;
  }

  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>(values);
    out.put("messages", List.copyOf(problems));
    return out;
  }
}
