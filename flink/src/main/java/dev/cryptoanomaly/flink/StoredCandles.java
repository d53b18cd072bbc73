package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.util.Collector;

/**
 * A backfill's input: each series (market, symbol, interval) becomes its stored candles of the
 * period, as the records the live job reads from Kafka.
 */
final class StoredCandles
    extends RichFlatMapFunction<Tuple3<String, String, String>, Tuple3<String, Long, byte[]>> {
  private static final long serialVersionUID = 1L;

  private final JobSettings job;
  private final long from;
  private final long to;
  private transient KlineStore store;

  StoredCandles(JobSettings job, long from, long to) {
    this.job = job;
    this.from = from;
    this.to = to;
  }

  @Override
  public void open(OpenContext context) {
    store = Stores.open(job.settings());
  }

  @Override
  public void flatMap(
      Tuple3<String, String, String> name, Collector<Tuple3<String, Long, byte[]>> out) {
    SeriesKey series = new SeriesKey(Market.parse(name.f0), name.f1, Interval.parse(name.f2));
    String key = series.toString();
    for (Kline k : store.read(series, from, to)) {
      out.collect(
          Tuple3.of(key, k.openTime(), CandleCodec.encodeOne(new CandleEvent(series, k, -1))));
    }
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
