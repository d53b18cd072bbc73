package dev.cryptoanomaly.simulate;

import dev.cryptoanomaly.kline.Kline;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Candles per symbol and the labels of the anomalies injected into them. */
public record SimulatedMarket(Map<String, List<Kline>> klines, List<AnomalyLabel> labels) {

  private static final String HEADER = "symbol,start,end,kind";

  /**
   * Writes the labels as CSV {@code symbol,start,end,kind} with ISO-8601 UTC times, merged into
   * what the file already holds: a label of another symbol, or of this symbol outside the span
   * simulated now, is kept, because its candles are still stored. Only the labels this simulation
   * replaces (same symbol, or a market shock, over the span simulated now) are dropped. The file is
   * replaced atomically.
   */
  public void writeLabels(Path file) throws IOException {
    Map<String, Span> spans = new LinkedHashMap<>();
    klines.forEach(
        (symbol, candles) -> {
          if (!candles.isEmpty()) {
            spans.put(
                symbol, new Span(candles.getFirst().openTime(), candles.getLast().openTime()));
          }
        });
    writeLabels(file, spans, labels);
  }

  /** The open times of a simulated series' first and last candles. */
  public record Span(long first, long last) {}

  /**
   * {@link #writeLabels(Path)} for a market no longer held in memory: each symbol's span and the
   * labels stand for its candles.
   */
  public static void writeLabels(Path file, Map<String, Span> spans, List<AnomalyLabel> labels)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    List<AnomalyLabel> merged = new ArrayList<>();
    for (AnomalyLabel old : readExisting(file)) {
      if (!replacedByThisRun(old, spans)) {
        merged.add(old);
      }
    }
    merged.addAll(labels);
    merged.sort(
        Comparator.comparing(AnomalyLabel::start)
            .thenComparing(AnomalyLabel::symbol)
            .thenComparing(AnomalyLabel::end));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(HEADER + "\n");
      for (AnomalyLabel l : merged) {
        w.write(l.symbol() + "," + l.start() + "," + l.end() + "," + l.kind().label() + "\n");
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean replacedByThisRun(AnomalyLabel old, Map<String, Span> spans) {
    if (old.symbol().equals(AnomalyLabel.EVERY_SYMBOL)) {
      // A market shock belongs to the market this run simulated when it falls in its span.
      return spans.keySet().stream()
          .anyMatch(
              s ->
                  replacedByThisRun(
                      new AnomalyLabel(s, old.start(), old.end(), old.kind()), spans));
    }
    Span span = spans.get(old.symbol());
    return span != null
        && old.end().toEpochMilli() >= span.first()
        && old.start().toEpochMilli() <= span.last();
  }

  /** The labels a previous run wrote; a file in another format is refused rather than lost. */
  private static List<AnomalyLabel> readExisting(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return List.of();
    }
    if (!lines.get(0).strip().equals(HEADER)) {
      throw new IOException(file + " is not a simulator labels file (header " + HEADER + ")");
    }
    List<AnomalyLabel> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      try {
        out.add(
            new AnomalyLabel(
                cells[0], Instant.parse(cells[1]), Instant.parse(cells[2]), kind(cells[3])));
      } catch (RuntimeException e) {
        throw new IOException(file + " line " + (i + 1) + " is not a simulator label: " + line, e);
      }
    }
    return out;
  }

  private static AnomalyKind kind(String label) {
    return Arrays.stream(AnomalyKind.values())
        .filter(k -> k.label().equals(label))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown kind " + label));
  }
}
