package dev.cryptoanomaly.cli;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.binance.CollectReport;
import dev.cryptoanomaly.binance.CollectRequest;
import dev.cryptoanomaly.binance.IncrementalUpdate;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import dev.cryptoanomaly.train.SeriesSelection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code update}: every stored series from its last candle up to now. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description =
        "Bring every stored series (or the ones chosen) up to date, from its last stored candle to now.")
final class UpdateCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--symbols", split = ",", description = "Only these pairs.")
  List<String> symbols;

  @Option(names = "--interval", description = "Only this interval.")
  Interval interval;

  @Option(names = "--market", description = "Only this market.")
  Market market;

  @Option(
      names = "--parallel",
      defaultValue = "8",
      description = "Parallel downloads (default ${DEFAULT-VALUE}).")
  int parallel;

  @Override
  public Integer call() {
    SeriesSelection selection = SeriesSelection.of(symbols, interval, market);
    LocalDate today = LocalDate.now(main.clock().withZone(ZoneOffset.UTC));
    int code = 0;
    try (KlineStore store = Stores.open(main.settings())) {
      List<SeriesKey> series = selection.in(store);
      if (series.isEmpty()) {
        throw new UserException(
            "nothing to update: the store holds no matching series; run 'crypto-anomaly collect' first");
      }
      // The listing, when a fresh one is cached, says which symbols are delisted; no network.
      var universe =
          dev.cryptoanomaly.binance.SymbolUniverse.forSettings(main.settings(), main.clock());
      java.util.Map<String, java.util.Map<String, dev.cryptoanomaly.binance.ListedSymbol>>
          listings = new java.util.HashMap<>();
      for (CollectRequest request :
          IncrementalUpdate.requests(
              store,
              series,
              today,
              main.out()::println,
              s ->
                  java.util.Optional.ofNullable(
                      listings
                          .computeIfAbsent(
                              s.market().cliName() + " " + s.interval().archiveName(),
                              k -> universe.cachedFresh(s.market(), s.interval()))
                          .get(s.symbol())))) {
        CollectReport report =
            CollectCommand.collectFromBinance(main.settings(), store, request, main, parallel);
        code = Math.max(code, Reports.printCollect(report, main.out(), main.err()));
      }
    }
    return code;
  }
}
