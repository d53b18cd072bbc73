package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.binance.ArchiveCollector;
import dev.cryptoanomaly.binance.CollectReport;
import dev.cryptoanomaly.binance.CollectRequest;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.kline.DateRange;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.simulate.SyntheticCollector;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code collect}: history from the Binance archive (or the simulator) into the store. */
@Command(
    name = "collect",
    mixinStandardHelpOptions = true,
    description = {
      "Download klines from Binance's public archive (verified by checksum), then REST for the"
          + " hours not yet archived. Re-running resumes and stores nothing twice.",
      "Examples: collect 365 | collect --symbols BTCUSDT --start 2024-01-01 --end 2024-03-31",
      "Period: the last 365 days unless --days or --start says otherwise."
    })
final class CollectCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Mixin PeriodOptions period;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DAYS",
      description = "Days back from today (same as --days).")
  Integer positionalDays;

  @Option(
      names = "--symbols",
      split = ",",
      description =
          "Comma-separated pairs, all, or globs such as '*USDT' (from the archive's listing;"
              + " default: ${DEFAULT-VALUE}).",
      defaultValue = "BTCUSDT,ETHUSDT,SOLUSDT,AVAXUSDT,LINKUSDT")
  List<String> symbols;

  @Option(
      names = "--quote",
      description = "Only pairs quoted in this asset, such as USDT (from the archive's listing).")
  String quote;

  @Option(
      names = "--interval",
      defaultValue = "1m",
      description =
          "Kline interval: 1s 1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w 1mo (default ${DEFAULT-VALUE}).")
  Interval interval;

  @Option(
      names = "--market",
      defaultValue = "spot",
      description = "spot or futures-um (default ${DEFAULT-VALUE}).")
  Market market;

  @Option(
      names = "--source",
      defaultValue = "binance",
      description = "binance or synthetic (the seeded simulator; default ${DEFAULT-VALUE}).")
  String source;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--labels",
      description =
          "Where the simulator writes its labels CSV (default: <data folder>/labels/synthetic-<seed>.csv).")
  Path labels;

  @Option(
      names = "--parallel",
      defaultValue = "8",
      description = "Parallel downloads (default ${DEFAULT-VALUE}).")
  int parallel;

  @Override
  public Integer call() {
    dev.cryptoanomaly.binance.SymbolPattern asked =
        dev.cryptoanomaly.binance.SymbolPattern.parse(symbols, quote, "symbols");
    Interval iv = interval;
    Market mk = market;
    LocalDate today = LocalDate.now(main.clock().withZone(ZoneOffset.UTC));
    DateRange range = period.resolve(positionalDays, today, 365);
    if (parallel < 1 || parallel > 32) {
      throw new UserException("--parallel must be between 1 and 32, got " + parallel);
    }
    PrintWriter out = main.out();
    Settings settings = main.settings();
    try (KlineStore store = Stores.open(settings)) {
      switch (source.toLowerCase(java.util.Locale.ROOT)) {
        case "binance" -> {
          CollectRequest request =
              asked.needsListing()
                  ? fromListing(settings, asked, mk, iv, range, out)
                  : new CollectRequest(mk, asked.names(), iv, range.start(), range.end());
          CollectReport report = collectFromBinance(settings, store, request, main, parallel);
          return Reports.printCollect(report, out, main.err());
        }
        case "synthetic" -> {
          if (asked.needsListing()) {
            throw new dev.cryptoanomaly.BadArgumentException(
                "symbols",
                "patterns and --quote pick from the archive's listing; the simulator takes names");
          }
          List<String> pairs = asked.names();
          if (iv != Interval.M1 || mk != Market.SPOT) {
            throw new UserException(
                "the simulator produces spot 1m klines; drop --interval/--market");
          }
          Path labelFile =
              labels != null
                  ? labels
                  : settings.home().resolve("labels/synthetic-" + seed + ".csv");
          long from = range.fromMillis();
          long to = Math.min(main.clock().millis(), range.toMillis());
          int minutes = (int) ((to - from) / 60_000L);
          if (minutes <= 0) {
            throw new UserException("nothing to simulate between " + range.start() + " and now");
          }
          SyntheticCollector.Collected m =
              new SyntheticCollector(store)
                  .collect(
                      pairs,
                      java.time.Instant.ofEpochMilli(from),
                      minutes,
                      seed,
                      labelFile,
                      main.clock().millis());
          out.printf(
              "simulated %,d candles for %d symbols (seed %d); %,d labelled anomalies written to"
                  + " %s%n",
              m.rows(), pairs.size(), seed, m.labels().size(), labelFile);
          return 0;
        }
        default ->
            throw new UserException(
                "unknown --source '" + source + "' (expected binance or synthetic)");
      }
    }
  }

  /** The symbols a pattern names in the archive's listing, each over its archived days. */
  private CollectRequest fromListing(
      Settings settings,
      dev.cryptoanomaly.binance.SymbolPattern asked,
      Market mk,
      Interval iv,
      DateRange range,
      PrintWriter out) {
    var listed =
        dev.cryptoanomaly.binance.SymbolUniverse.forSettings(settings, main.clock())
            .resolve(asked, mk, iv, false, false);
    var plan =
        dev.cryptoanomaly.binance.ListedCollection.of(
            mk,
            iv,
            range.start(),
            range.end(),
            LocalDate.now(main.clock().withZone(ZoneOffset.UTC)),
            listed.symbols());
    out.printf(
        "%s matches %s archived %s symbols; collecting %s%n",
        asked.describe(),
        dev.cryptoanomaly.Numbers.count(listed.symbols().size()),
        mk.cliName(),
        dev.cryptoanomaly.Numbers.count(plan.request().symbols().size()));
    plan.notes().forEach(out::println);
    return plan.request();
  }

  static CollectReport collectFromBinance(
      Settings settings, KlineStore store, CollectRequest request, Main main, int parallel) {
    ArchiveCollector collector =
        ArchiveCollector.forSettings(settings, store, main.clock(), parallel);
    return collector.collect(request, TerminalProgress.forConsole(main.err()));
  }
}
