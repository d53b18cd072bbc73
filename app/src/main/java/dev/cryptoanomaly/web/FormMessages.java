package dev.cryptoanomaly.web;

import dev.cryptoanomaly.BadArgumentException;
import dev.cryptoanomaly.Messages;
import java.util.regex.Pattern;

/**
 * A user mistake as the dashboard says it: the input it names is a form field, not a CLI flag.
 * Library messages name inputs as flags ({@code --market}); every form field has the flag's name
 * with underscores ({@code --alerts-per-day} is the field {@code alerts_per_day}).
 */
final class FormMessages {
  private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--([a-z][a-z-]*)");

  private FormMessages() {}

  static String of(RuntimeException e) {
    if (e instanceof BadArgumentException b) {
      return Messages.oneLine(b.asField());
    }
    return fields(Messages.oneLine(String.valueOf(e.getMessage())));
  }

  /** Every {@code --flag} in a message as {@code field 'flag'}. */
  static String fields(String message) {
    return FLAG.matcher(message).replaceAll(m -> "field '" + m.group(1).replace('-', '_') + "'");
  }
}
