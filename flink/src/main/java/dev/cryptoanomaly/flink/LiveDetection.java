package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.features.FeatureJob;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import dev.cryptoanomaly.online.ChampionVersions;
import dev.cryptoanomaly.online.ReferenceCandles;
import dev.cryptoanomaly.online.ReferenceReturns;
import dev.cryptoanomaly.online.SeriesDetection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The live job's step: every series' candles keyed by series; broadcast to every task and kept in
 * broadcast state, the market reference's candles (BTCUSDT of each market and interval) and the
 * champion's versions from the job's registry poll ({@link ChampionPolls}), so every task moves to
 * a promoted version from the same announcement, without a restart. Until a task has had one (just
 * after a start) it resolves the champion itself, as the workers do.
 *
 * <p>A model with market-relative features needs the reference's return at each candle's open time.
 * A candle whose reference candle has not arrived waits in keyed state (later candles of the series
 * queue behind it) until the reference shows that open time or a later one, or until the event-time
 * watermark passes {@link JobSettings#referenceWaitIntervals()} intervals after the candle closed:
 * then it is decided without, and excluded as batch excludes a row whose reference is missing. So a
 * market-relative model decides live what {@code detect} decides, whichever of the two candles
 * reaches the task first.
 */
final class LiveDetection
    extends KeyedBroadcastProcessFunction<
        String, Tuple3<String, Long, byte[]>, Tuple3<String, Long, byte[]>, Tuple2<String, String>>
    implements CheckpointedFunction {
  private static final long serialVersionUID = 1L;

  /**
   * Each reference series' latest candles ({@link ReferenceCandles#encode()}) by series, and the
   * champion's versions last announced ({@link ChampionVersions#encode()}) under {@link
   * ChampionPolls#KEY}.
   */
  static final MapStateDescriptor<String, byte[]> REFERENCES =
      new MapStateDescriptor<>(
          "reference-candles", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** A series' candles waiting for the reference, as their records, in open-time order. */
  private static final ListStateDescriptor<byte[]> WAITING =
      new ListStateDescriptor<>(
          "waiting-for-reference", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private final JobSettings job;
  private transient TaskDetection task;
  private transient ListState<byte[]> waiting;
  private transient Map<SeriesKey, ReferenceCandles> references;
  private transient Counter withoutReference;
  private transient boolean championRestored;
  private transient boolean writeTimerSet;

  LiveDetection(JobSettings job) {
    this.job = job;
  }

  @Override
  public void open(OpenContext context) {
    task = new TaskDetection(job, getRuntimeContext());
    waiting = getRuntimeContext().getListState(WAITING);
    references = new HashMap<>();
    withoutReference = getRuntimeContext().getMetricGroup().counter("candlesWithoutReference");
  }

  @Override
  public void processElement(
      Tuple3<String, Long, byte[]> record,
      ReadOnlyContext context,
      Collector<Tuple2<String, String>> out)
      throws Exception {
    CandleEvent e = CandleCodec.decodeOne(record.f2);
    if (!championRestored) {
      byte[] announced = context.getBroadcastState(REFERENCES).get(ChampionPolls.KEY);
      if (announced != null) {
        task.announce(ChampionVersions.decode(announced));
      }
      championRestored = true;
    }
    SeriesDetection state = task.current(e.series(), e.kline().openTime());
    if (state == null) {
      return;
    }
    task.emitIncidents(out);
    if (!state.waitsForReference()) {
      task.decide(state, e, ReferenceReturns.NONE, out);
      keepWriting(context.timerService());
      return;
    }
    ReferenceCandles reference = reference(context.getBroadcastState(REFERENCES), e.series());
    List<byte[]> queued = queued();
    if (queued.isEmpty() && reference.reached(e.kline().openTime())) {
      task.decide(state, e, reference, out);
      keepWriting(context.timerService());
      return;
    }
    queue(queued, record.f2, e.kline().openTime());
    waiting.update(queued);
    context.timerService().registerEventTimeTimer(deadline(e));
  }

  /**
   * A champion announcement (kept in broadcast state, so a restored job keeps its versions), or a
   * reference candle: remembered, then every series' candles waiting for it go.
   */
  @Override
  public void processBroadcastElement(
      Tuple3<String, Long, byte[]> record, Context context, Collector<Tuple2<String, String>> out)
      throws Exception {
    var state = context.getBroadcastState(REFERENCES);
    if (record.f0.equals(ChampionPolls.KEY)) {
      if (record.f2.length > 0) {
        state.put(ChampionPolls.KEY, record.f2);
        task.announce(ChampionVersions.decode(record.f2));
      }
      return;
    }
    CandleEvent e = CandleCodec.decodeOne(record.f2);
    ReferenceCandles reference = reference(state, e.series());
    if (reference.latest() == Long.MIN_VALUE) {
      warm(reference, e);
    }
    long before = reference.latest();
    reference.add(e.kline().openTime(), e.kline().close());
    if (reference.latest() == before) {
      return; // a duplicate or late reference candle changes nothing
    }
    state.put(record.f0, reference.encode());
    long watermark = context.currentWatermark();
    context.applyToKeyedState(WAITING, (key, candles) -> release(candles, watermark, state, out));
  }

  /**
   * While decisions or incidents wait, a processing-time timer (on whichever key set it: the work
   * is the task's) every {@link JobSettings#flushMillis()}, so the last candles before a quiet
   * spell are stored and their incidents announced without waiting for the next candle.
   */
  private void keepWriting(TimerService timers) {
    if (!writeTimerSet && task.hasPendingWork()) {
      timers.registerProcessingTimeTimer(timers.currentProcessingTime() + job.flushMillis());
      writeTimerSet = true;
    }
  }

  /**
   * A processing-time timer: store and announce what waits; an event-time timer: the watermark
   * passed a waiting candle's deadline.
   */
  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<Tuple2<String, String>> out)
      throws Exception {
    if (context.timeDomain() == TimeDomain.PROCESSING_TIME) {
      writeTimerSet = false;
      task.flushIfDue();
      task.emitIncidents(out);
      keepWriting(context.timerService());
      return;
    }
    release(waiting, context.currentWatermark(), context.getBroadcastState(REFERENCES), out);
    keepWriting(context.timerService());
  }

  /**
   * Decides the current key's waiting candles, oldest first, while the reference has reached them
   * or their deadline has passed; the rest keep waiting.
   */
  private void release(
      ListState<byte[]> candles,
      long watermark,
      ReadOnlyBroadcastState<String, byte[]> state,
      Collector<Tuple2<String, String>> out)
      throws Exception {
    List<byte[]> queued = new ArrayList<>();
    Iterable<byte[]> held = candles.get();
    if (held != null) { // the raw state a function applied to every key gets may hold none
      held.forEach(queued::add);
    }
    int released = 0;
    for (byte[] bytes : queued) {
      CandleEvent e = CandleCodec.decodeOne(bytes);
      ReferenceCandles reference = reference(state, e.series());
      long openTime = e.kline().openTime();
      if (!reference.reached(openTime) && watermark < deadline(e)) {
        break;
      }
      released++;
      if (!reference.reached(openTime)) {
        withoutReference.inc();
      }
      SeriesDetection detection = task.current(e.series(), openTime);
      if (detection != null) {
        task.decide(detection, e, reference, out);
      }
    }
    if (released == queued.size()) {
      candles.clear();
    } else if (released > 0) {
      candles.update(queued.subList(released, queued.size()));
    }
  }

  /**
   * The reference series of {@code series}' market and interval as this task knows it; an empty one
   * (not kept: only reference candles fill it) before its first candle.
   */
  private ReferenceCandles reference(ReadOnlyBroadcastState<String, byte[]> state, SeriesKey series)
      throws Exception {
    SeriesKey key = CandleRecords.referenceOf(series);
    ReferenceCandles known = references.get(key);
    if (known == null) {
      byte[] saved = state.get(key.toString());
      if (saved == null) {
        return new ReferenceCandles(series.interval());
      }
      known = ReferenceCandles.decode(series.interval(), saved);
      references.put(key, known);
    }
    return known;
  }

  /**
   * The first reference candle a job sees: the reference's stored candles before it come first (the
   * stream stores a candle before publishing it), so the first candles after a start have the
   * reference's returns batch has, and so do those a series catches up after a gap.
   */
  private void warm(ReferenceCandles reference, CandleEvent first) {
    SeriesKey series = first.series();
    long from =
        FeatureJob.warmupStart(
            series.interval(), first.kline().openTime(), ReferenceCandles.MEMORY);
    for (Kline k : task.store().read(series, from, first.kline().openTime())) {
      reference.add(k.openTime(), k.close());
    }
    references.put(series, reference);
  }

  private List<byte[]> queued() throws Exception {
    List<byte[]> queued = new ArrayList<>();
    waiting.get().forEach(queued::add);
    return queued;
  }

  /** Inserts a candle's record by open time (a late candle goes before those after it). */
  private static void queue(List<byte[]> queued, byte[] record, long openTime) {
    int at = queued.size();
    while (at > 0 && CandleCodec.decodeOne(queued.get(at - 1)).kline().openTime() > openTime) {
      at--;
    }
    queued.add(at, record);
  }

  /** When the watermark passes this, a candle goes without the reference. */
  private long deadline(CandleEvent e) {
    Interval interval = e.series().interval();
    long t = interval.next(e.kline().openTime()); // the candle's close
    for (int i = 0; i < job.referenceWaitIntervals(); i++) {
      t = interval.next(t);
    }
    return t;
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) {
    task.checkpoint();
  }

  @Override
  public void initializeState(FunctionInitializationContext context) {
    // Keyed and broadcast state only, obtained in open() and from the contexts.
  }

  @Override
  public void close() {
    if (task != null) {
      task.close();
    }
  }
}
