package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.OperationalException;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.registry.ModelRegistry;
import dev.cryptoanomaly.model.registry.Registries;
import dev.cryptoanomaly.online.ChampionVersions;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's one registry poll: each call (a rate-limited generator source calls it every {@link
 * JobSettings#refreshMillis()}) resolves the model reference and emits the versions it means as a
 * record (key {@link #KEY}) that is broadcast to every detection task with the reference candles. A
 * poll that fails (the registry unreachable, the alias removed) emits an empty record, which
 * changes nothing: the tasks keep the versions they have.
 */
final class ChampionPolls implements GeneratorFunction<Long, Tuple3<String, Long, byte[]>> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ChampionPolls.class);

  /** The key of champion records among the broadcast ones (series keys contain spaces). */
  static final String KEY = "champion";

  private final JobSettings job;
  private transient ModelRegistry registry;
  private transient ModelRef ref;
  private transient String lastProblem;

  ChampionPolls(JobSettings job) {
    this.job = job;
  }

  @Override
  public void open(SourceReaderContext context) {
    registry = Registries.open(job.settings());
    ref = ModelRef.parse(job.model());
  }

  @Override
  public Tuple3<String, Long, byte[]> map(Long poll) {
    try {
      byte[] versions = ChampionVersions.resolve(registry, ref).encode();
      lastProblem = null;
      return Tuple3.of(KEY, poll, versions);
    } catch (UserException | OperationalException e) {
      if (!e.getMessage().equals(lastProblem)) {
        LOG.warn(
            "champion of {} not resolved, the tasks keep their versions: {}", ref, e.getMessage());
        lastProblem = e.getMessage();
      }
      return Tuple3.of(KEY, poll, new byte[0]);
    }
  }
}
