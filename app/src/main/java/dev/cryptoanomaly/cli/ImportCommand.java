package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.binance.KlineFileImporter;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code import}: kline files the user already has. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Load Binance kline files (zip or csv, data.binance.vision names such as"
          + " BTCUSDT-1m-2024-05.zip), searching folders recursively. A .CHECKSUM beside a zip is"
          + " verified. Importing the same files again stores nothing twice."
    })
final class ImportCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders.")
  List<Path> paths;

  @Option(
      names = "--market",
      description =
          "spot or futures-um for every file (default: from the path; futures/um or futures-um means futures-um, else spot).")
  Market market;

  @Option(
      names = "--parallel",
      defaultValue = "2",
      description = "Files parsed at once (default ${DEFAULT-VALUE}).")
  int parallel;

  @Override
  public Integer call() {
    Optional<Market> override = Optional.ofNullable(market);
    int code = 0;
    try (KlineStore store = Stores.open(main.settings())) {
      KlineFileImporter importer = new KlineFileImporter(store, main.clock(), parallel);
      for (Path path : paths) {
        var report = importer.importPath(path, override, TerminalProgress.forConsole(main.err()));
        code = Math.max(code, Reports.printImport(report, main.out(), main.err()));
      }
    }
    return code;
  }
}
