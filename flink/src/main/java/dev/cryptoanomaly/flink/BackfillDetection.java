package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.online.ReferenceCandles;
import dev.cryptoanomaly.online.ReferenceReturns;
import dev.cryptoanomaly.online.SeriesDetection;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The backfill's step: each series' stored candles of the period, in time order, decided as the
 * live job decides them; a market-relative model reads the reference's stored candles of the
 * period, as {@code detect} does, read once per task and reference series.
 */
final class BackfillDetection
    extends KeyedProcessFunction<String, Tuple3<String, Long, byte[]>, Tuple2<String, String>> {
  private static final long serialVersionUID = 1L;

  private final JobSettings job;
  private transient TaskDetection task;
  private transient Map<SeriesKey, ReferenceReturns> references;

  BackfillDetection(JobSettings job) {
    this.job = job;
  }

  @Override
  public void open(OpenContext context) {
    task = new TaskDetection(job, getRuntimeContext());
    references = new HashMap<>();
  }

  @Override
  public void processElement(
      Tuple3<String, Long, byte[]> record, Context context, Collector<Tuple2<String, String>> out)
      throws Exception {
    CandleEvent e = CandleCodec.decodeOne(record.f2);
    SeriesDetection state = task.current(e.series(), e.kline().openTime());
    if (state != null) {
      task.decide(
          state, e, state.waitsForReference() ? reference(e.series()) : ReferenceReturns.NONE, out);
    }
  }

  private ReferenceReturns reference(SeriesKey series) {
    SeriesKey reference =
        new SeriesKey(series.market(), FeatureRegistry.REFERENCE_SYMBOL, series.interval());
    return references.computeIfAbsent(
        reference,
        r ->
            ReferenceCandles.ofStored(
                r.interval(),
                task.store()
                    .read(
                        r,
                        FeatureJob.warmupStart(r.interval(), job.backfillFrom(), 2),
                        job.backfillTo())));
  }

  @Override
  public void close() {
    if (task != null) {
      task.close();
    }
  }
}
