package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.report.TriageLabels;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code alerts export --labels}: the analysts' verdicts as a labels CSV. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the alerts and incidents analysts marked confirmed or known-event as a labels CSV"
          + " (symbol,start,end,kind), the format evaluate --labels reads; a market-wide incident"
          + " is one row for every symbol (*).",
      "Example: alerts export --labels --out triage-labels.csv"
    })
final class AlertExportCommand implements Callable<Integer> {
  @ParentCommand AlertsCommand alerts;

  @Option(names = "--labels", required = true, description = "Export the verdicts as labels.")
  boolean labels;

  @Option(names = "--out", description = "File to write (default: standard output).")
  Path file;

  @Override
  public Integer call() throws IOException {
    TriageLabels triage;
    try (KlineStore store = Stores.open(alerts.main.settings())) {
      triage = TriageLabels.of(store);
    }
    String csv = triage.csv();
    if (file == null) {
      alerts.main.out().print(csv);
      return 0;
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new dev.cryptoanomaly.BadArgumentException(
          "out", "names a file in " + parent + ", which is not a folder");
    }
    // Written beside and moved into place: an interrupted export leaves the old file whole.
    Path partial = Files.createTempFile(parent, ".labels", ".partial");
    try {
      Files.writeString(partial, csv, StandardCharsets.UTF_8);
      Files.move(
          partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    alerts.main.out().printf("%d labelled events written to %s%n", triage.events().size(), file);
    return 0;
  }
}
