package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import java.util.List;

/**
 * A bus message as handed to a worker: the candle events it carries, with what acknowledging it
 * needs. A Redis entry carries up to {@link CandleCodec#MAX_CANDLES} candles of one shard, so the
 * per-message cost of Redis (entry ids, pending list, acknowledgement) is paid once per batch.
 *
 * @param stream the bus stream (Redis key) it came from
 * @param id its id on that stream
 * @param events the events, in order; empty when the message could not be decoded
 * @param problem why the message could not be decoded, or null
 */
public record Delivery(String stream, String id, List<CandleEvent> events, String problem) {
  public Delivery {
    events = List.copyOf(events);
  }
}
