package dev.cryptoanomaly.simulate;

import dev.cryptoanomaly.kline.Kline;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Candles per symbol and the labels of the anomalies injected into them. */
public record SimulatedMarket(Map<String, List<Kline>> klines, List<AnomalyLabel> labels) {

  /** Writes the labels as CSV {@code symbol,start,end,kind} with ISO-8601 UTC times. */
  public void writeLabels(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write("symbol,start,end,kind\n");
      for (AnomalyLabel l : labels) {
        w.write(l.symbol() + "," + l.start() + "," + l.end() + "," + l.kind().label() + "\n");
      }
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
