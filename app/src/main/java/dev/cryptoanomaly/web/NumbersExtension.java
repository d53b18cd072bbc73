package dev.cryptoanomaly.web;

import dev.cryptoanomaly.Numbers;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * The pages' number filters, backed by {@link Numbers} so a page shows a number as the CLI prints
 * it: {@code number} (four significant digits, separators), {@code count} and {@code probability}
 * ({@code 3.2e-5}); a missing or undefined value shows as {@code -}.
 */
final class NumbersExtension extends AbstractExtension {
  @Override
  public Map<String, Filter> getFilters() {
    return Map.of(
        "number", filter(Numbers::format),
        "count", filter(v -> Numbers.count(Math.round(v))),
        "probability", filter(Numbers::probability),
        "change", filter(Numbers::change));
  }

  private static Filter filter(DoubleFunction<String> format) {
    return new Filter() {
      @Override
      public List<String> getArgumentNames() {
        return List.of();
      }

      @Override
      public Object apply(
          Object input,
          Map<String, Object> args,
          PebbleTemplate self,
          EvaluationContext context,
          int lineNumber) {
        return input instanceof Number n ? format.apply(n.doubleValue()) : Numbers.UNDEFINED;
      }
    };
  }
}
