package dev.cryptoanomaly.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptoanomaly.Numbers;
import dev.cryptoanomaly.binance.ListedSymbol;
import dev.cryptoanomaly.binance.SymbolPattern;
import dev.cryptoanomaly.binance.SymbolUniverse;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code symbols}: the archive's symbols, their status and archived days. */
@Command(
    name = "symbols",
    mixinStandardHelpOptions = true,
    description = {
      "The symbols Binance's archive holds (delisted ones included), with their status from the"
          + " exchange info and their first and last archived day of the interval. The listing is"
          + " kept in <data folder>/cache for CRYPTO_ANOMALY_BINANCE__LISTING_TTL (default 24h).",
      "Examples: symbols | symbols '*USDT' --trading-only | symbols 'BTC*' --interval 5m --json"
    })
final class SymbolsCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATTERN",
      description = "Names or globs, comma-separated: BTCUSDT, '*USDT', 'BTC*' (default all).")
  String pattern;

  @Option(names = "--quote", description = "Only pairs quoted in this asset, such as USDT.")
  String quote;

  @Option(
      names = "--market",
      defaultValue = "spot",
      description = "spot or futures-um (default ${DEFAULT-VALUE}).")
  Market market;

  @Option(
      names = "--interval",
      defaultValue = "1m",
      description = "The interval whose archived days are shown (default ${DEFAULT-VALUE}).")
  Interval interval;

  @Option(names = "--trading-only", description = "Only symbols trading now.")
  boolean tradingOnly;

  @Option(
      names = "--refresh",
      description = "Fetch the listing again even if the cached one is fresh.")
  boolean refresh;

  @Option(names = "--json", description = "One JSON object per line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    SymbolPattern asked =
        SymbolPattern.parse(List.of(pattern == null ? "all" : pattern), quote, "PATTERN");
    SymbolUniverse.Result r =
        SymbolUniverse.forSettings(main.settings(), main.clock())
            .resolve(asked, market, interval, tradingOnly, refresh);
    PrintWriter out = main.out();
    if (json) {
      ObjectMapper m = new ObjectMapper();
      for (ListedSymbol s : r.symbols()) {
        ObjectNode n = m.createObjectNode();
        n.put("symbol", s.symbol());
        n.put("market", market.cliName());
        n.put("interval", interval.archiveName());
        n.put("status", s.status().toLowerCase(java.util.Locale.ROOT));
        n.put("quote_asset", s.quoteAsset().isEmpty() ? null : s.quoteAsset());
        n.put("first_day", s.firstDay() == null ? null : s.firstDay().toString());
        n.put("last_day", s.lastDay() == null ? null : s.lastDay().toString());
        n.put("archived_days", s.days());
        out.println(m.writeValueAsString(n));
      }
      return 0;
    }
    out.printf(
        "%-16s %-10s %-6s %-10s %-10s %8s%n",
        "symbol", "status", "quote", "first day", "last day", "days");
    for (ListedSymbol s : r.symbols()) {
      out.printf(
          "%-16s %-10s %-6s %-10s %-10s %8s%n",
          s.symbol(),
          s.status().toLowerCase(java.util.Locale.ROOT),
          s.quoteAsset().isEmpty() ? "-" : s.quoteAsset(),
          s.firstDay() == null ? "-" : s.firstDay(),
          s.lastDay() == null ? "-" : s.lastDay(),
          Numbers.count(s.days()));
    }
    long trading = r.symbols().stream().filter(ListedSymbol::trading).count();
    long delisted = r.symbols().stream().filter(ListedSymbol::delisted).count();
    long empty = r.symbols().stream().filter(s -> s.days() == 0).count();
    out.printf(
        "%s symbols: %s trading, %s delisted, %s without %s files; listing of %s%s%n",
        Numbers.count(r.symbols().size()),
        Numbers.count(trading),
        Numbers.count(delisted),
        Numbers.count(empty),
        interval.archiveName(),
        Numbers.instant(r.fetchedAt().toEpochMilli()),
        r.fromCache() ? " (cached)" : "");
    return 0;
  }
}
