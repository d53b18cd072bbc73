package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.store.Provenance;

/**
 * Where closed candles come from: the live Binance feed, a replay of stored history, or the
 * simulator. Each series' candles come in ascending open time.
 */
public interface CandleSource {

  /** Receives closed candles. */
  @FunctionalInterface
  interface Sink {
    void accept(SeriesKey series, Kline closed);
  }

  /** Emits candles until the source ends (a replay's last candle) or the thread is interrupted. */
  void run(Sink sink) throws InterruptedException;

  /**
   * How the candles reach the store: null when they are already there (replay); otherwise the kind
   * of provenance the publisher records when it stores them before publishing.
   */
  Provenance.Kind storesAs();

  /** For logs: what is streamed. */
  String describe();

  /**
   * What keeps the source from delivering right now (a feed that cannot connect), for the people
   * watching it; empty when nothing does.
   */
  default java.util.Optional<String> problem() {
    return java.util.Optional.empty();
  }
}
