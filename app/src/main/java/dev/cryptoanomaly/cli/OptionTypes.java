package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option types every command shares, converted once by picocli rather than parsed from strings
 * in each command: a bad value is reported as {@code Invalid value for option '--market': unknown
 * market 'options' (expected spot or futures-um)}.
 */
final class OptionTypes {
  private OptionTypes() {}

  static void register(CommandLine cli) {
    cli.registerConverter(Market.class, converting(Market::parse));
    cli.registerConverter(Interval.class, converting(Interval::parse));
    cli.registerConverter(LocalDate.class, OptionTypes::utcDay);
  }

  private static LocalDate utcDay(String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("expects a UTC date like 2024-05-01, got '" + text + "'");
    }
  }

  private static <T> ITypeConverter<T> converting(ITypeConverter<T> parse) {
    return text -> {
      try {
        return parse.convert(text);
      } catch (UserException e) {
        throw new TypeConversionException(e.getMessage());
      }
    };
  }
}
