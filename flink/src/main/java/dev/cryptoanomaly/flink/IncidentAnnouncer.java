package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.online.IncidentAnnouncements;
import dev.cryptoanomaly.online.WebhookAlertSink;
import dev.cryptoanomaly.store.KlineStore;
import dev.cryptoanomaly.store.Stores;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Announces each incident once, keyed by its announcement key: the detection tasks each rebuild the
 * incidents their alerts touched, so several may find one incident spanning symbols they decide;
 * the first is announced (to the alerts topic, and the webhook), the rest dropped by keyed state,
 * which a restored job has as of its checkpoint. Alerts pass through.
 *
 * <p>An incident is recorded in the store's announcement ledger (where detection tasks, and the
 * workers, look before announcing) only once the checkpoint whose Kafka transaction carries it
 * completed, or, after a restore, once the restored checkpoint's transactions are committed: never
 * before the topic has it, so a failure never loses one.
 */
final class IncidentAnnouncer
    extends KeyedProcessFunction<String, Tuple2<String, String>, Tuple2<String, String>>
    implements CheckpointedFunction, CheckpointListener {
  private static final long serialVersionUID = 1L;

  /** Incident keys announced in transactions not yet known to be committed (operator state). */
  private static final ListStateDescriptor<String> UNCONFIRMED =
      new ListStateDescriptor<>("incidents-unconfirmed", Types.STRING);

  private final JobSettings job;
  private transient ValueState<Boolean> announced;
  private transient KlineStore store;
  private transient WebhookAlertSink webhook;
  private transient List<String> sinceCheckpoint;
  private transient TreeMap<Long, List<String>> byCheckpoint;
  private transient ListState<String> unconfirmed;
  private transient List<String> restored;

  IncidentAnnouncer(JobSettings job) {
    this.job = job;
  }

  @Override
  public void initializeState(FunctionInitializationContext context) throws Exception {
    unconfirmed = context.getOperatorStateStore().getListState(UNCONFIRMED);
    restored = new ArrayList<>();
    if (context.isRestored()) {
      unconfirmed.get().forEach(restored::add);
    }
  }

  @Override
  public void open(OpenContext context) {
    announced =
        getRuntimeContext().getState(new ValueStateDescriptor<>("announced", Types.BOOLEAN));
    var settings = job.settings();
    store = Stores.open(settings);
    webhook =
        settings
            .webhookUrl()
            .map(u -> new WebhookAlertSink(URI.create(u), 6, Duration.ofSeconds(1)))
            .orElse(null);
    sinceCheckpoint = new ArrayList<>();
    byCheckpoint = new TreeMap<>();
    // The restored checkpoint's transactions are committed as the job restarts.
    record(restored);
  }

  @Override
  public void processElement(
      Tuple2<String, String> announcement, Context context, Collector<Tuple2<String, String>> out)
      throws Exception {
    if (!announcement.f0.startsWith(IncidentAnnouncements.KEY_PREFIX)) {
      out.collect(announcement);
      return;
    }
    if (announced.value() != null) {
      return;
    }
    announced.update(true);
    out.collect(announcement);
    sinceCheckpoint.add(announcement.f0);
    if (webhook != null) {
      webhook.publishIncident(announcement.f0, announcement.f1);
    }
  }

  @Override
  public void snapshotState(FunctionSnapshotContext context) throws Exception {
    byCheckpoint.put(context.getCheckpointId(), sinceCheckpoint);
    sinceCheckpoint = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    byCheckpoint.values().forEach(pending::addAll);
    unconfirmed.update(pending);
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    var done = byCheckpoint.headMap(checkpointId, true);
    List<String> keys = new ArrayList<>();
    done.values().forEach(keys::addAll);
    done.clear();
    record(keys);
  }

  private void record(List<String> keys) {
    if (!keys.isEmpty()) {
      store.markAnnounced(keys, Clock.systemUTC().millis());
    }
  }

  @Override
  public void close() {
    if (webhook != null) {
      webhook.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
