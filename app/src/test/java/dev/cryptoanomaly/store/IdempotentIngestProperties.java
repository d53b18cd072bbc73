package dev.cryptoanomaly.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.store.embedded.SqliteKlineStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Ingest is idempotent: any chunking, order and repetition of writes leaves the same store. */
class IdempotentIngestProperties {

  @Property(tries = 30)
  void anyChunkingAndRepetitionGivesTheSameStore(
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 0, max = 199) Integer> chunkStarts,
      @ForAll @IntRange(min = 1, max = 60) int chunkLength)
      throws Exception {
    Path dir = Files.createTempDirectory("idem");
    try (KlineStore store = SqliteKlineStore.open(dir)) {
      TreeMap<Long, Kline> expected = new TreeMap<>();
      int n = 0;
      for (int start : chunkStarts) {
        List<Kline> chunk = new ArrayList<>();
        for (int i = start; i < start + chunkLength; i++) {
          Kline k = KlineStoreContract.candle(KlineStoreContract.T0 + i * 60_000L, 100 + i);
          chunk.add(k);
          expected.put(k.openTime(), k);
        }
        store.write(
            KlineStoreContract.BTC,
            chunk,
            KlineStoreContract.ledger("chunk" + (n++ % 3), KlineStoreContract.BTC, chunk.size()));
      }
      assertThat(store.read(KlineStoreContract.BTC, 0, Long.MAX_VALUE))
          .containsExactlyElementsOf(expected.values());
      assertThat(store.count(KlineStoreContract.BTC)).isEqualTo(expected.size());
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
