package dev.cryptoanomaly.train.eval;

import dev.cryptoanomaly.UserException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a labels file: CSV with the header {@code symbol,start,end[,kind]}, times as UTC instants
 * ({@code 2020-03-12T09:00:00Z}) or days ({@code 2020-03-12}: a start is the day's first moment, an
 * end its last). The simulator writes this format. Every mistake is one line naming file and line.
 */
public final class EventLabels {
  private EventLabels() {}

  public static List<EventLabel> read(Path file) {
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .setCommentMarker('#')
            .get();
    List<EventLabel> out = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        var parser = format.parse(in)) {
      for (String column : List.of("symbol", "start", "end")) {
        if (!parser.getHeaderNames().contains(column)) {
          throw new UserException(
              file
                  + ": the header must name symbol,start,end[,kind]; got "
                  + parser.getHeaderNames());
        }
      }
      for (CSVRecord r : parser) {
        String where = file + " line " + parser.getCurrentLineNumber();
        String symbol = r.get("symbol").toUpperCase(Locale.ROOT);
        if (symbol.isEmpty()) {
          throw new UserException(where + ": empty symbol (use * for every symbol)");
        }
        long start = time(r.get("start"), false, where);
        long end = time(r.get("end"), true, where);
        if (end < start) {
          throw new UserException(
              where + ": end " + r.get("end") + " is before start " + r.get("start"));
        }
        String kind = r.isMapped("kind") && r.isSet("kind") ? r.get("kind") : "";
        out.add(new EventLabel(symbol, start, end, kind));
      }
    } catch (NoSuchFileException e) {
      throw new UserException("labels file " + file + " does not exist");
    } catch (IOException | IllegalStateException | IllegalArgumentException e) {
      throw new UserException(file + " is not a labels CSV: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new UserException(file + " holds no labelled events");
    }
    return out;
  }

  private static long time(String text, boolean end, String where) {
    try {
      if (text.length() == 10) {
        LocalDate day = LocalDate.parse(text);
        return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
            - (end ? 1 : 0);
      }
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new UserException(
          where
              + ": '"
              + text
              + "' is not a UTC time like 2020-03-12T09:00:00Z or a day like 2020-03-12");
    }
  }
}
