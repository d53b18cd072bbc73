package dev.cryptoanomaly.stream;

import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Redis Streams: candles of a series always go to the same of {@link #SHARDS} streams, read through
 * the consumer group {@link #GROUP}. Workers lease shards ({@link ShardLeases}), so each series is
 * processed in order by one worker at a time; a new owner first claims what the previous one left
 * unacknowledged. Commands survive a Redis restart: they are retried until Redis is back, and
 * groups are recreated if Redis came back empty.
 */
public final class RedisBus implements CandleBus {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisBus.class);
  public static final int SHARDS = 16;
  public static final String GROUP = "workers";

  /**
   * Where messages go that were handed out {@link #MAX_DELIVERIES} times and never acknowledged: a
   * batch that always fails stalls its shard no longer, and nothing of it is lost (each entry keeps
   * its fields, its origin stream and id, and how often it was delivered).
   */
  public static final String DEAD_LETTERS = Redis.PREFIX + "dead-letters";

  /** Deliveries of one message (Redis counts them in the pending list) before it is set aside. */
  public static final int MAX_DELIVERIES = 5;

  private static final String DEAD_LETTER =
      "local e = redis.call('xrange', KEYS[1], ARGV[2], ARGV[2])"
          + " if #e == 0 then redis.call('xack', KEYS[1], ARGV[1], ARGV[2]) return 0 end"
          + " local f = e[1][2]"
          + " table.insert(f, 'origin_stream') table.insert(f, KEYS[1])"
          + " table.insert(f, 'origin_id') table.insert(f, ARGV[2])"
          + " table.insert(f, 'deliveries') table.insert(f, ARGV[3])"
          + " redis.call('xadd', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', unpack(f))"
          + " redis.call('xack', KEYS[1], ARGV[1], ARGV[2])"
          + " return 1";

  /** Messages this process moved to {@link #DEAD_LETTERS}. */
  public final java.util.concurrent.atomic.LongAdder deadLettered =
      new java.util.concurrent.atomic.LongAdder();

  static final long MAX_LENGTH = 1_000_000;

  private final RedisClient redis;
  private final String where;
  private final Clock clock;

  public RedisBus(RedisClient redis, String where, Clock clock) {
    this.redis = redis;
    this.where = where;
    this.clock = clock;
  }

  private static final byte[][] STREAM_KEYS = new byte[SHARDS][];
  private static final byte[] GROUP_BYTES = GROUP.getBytes(StandardCharsets.US_ASCII);

  static {
    for (int s = 0; s < SHARDS; s++) {
      STREAM_KEYS[s] = streamKey(s).getBytes(StandardCharsets.US_ASCII);
    }
  }

  public static String streamKey(int shard) {
    return Redis.PREFIX + "candles:" + shard;
  }

  static int shardOf(CandleEvent e) {
    return Math.floorMod(e.series().toString().hashCode(), SHARDS);
  }

  @Override
  public void publish(List<CandleEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    XAddParams params = XAddParams.xAddParams().maxLen(MAX_LENGTH).approximateTrimming();
    List<List<CandleEvent>> byShard = new ArrayList<>(SHARDS);
    for (int s = 0; s < SHARDS; s++) {
      byShard.add(new ArrayList<>());
    }
    for (CandleEvent e : events) {
      byShard.get(shardOf(e)).add(e);
    }
    Redis.retrying(
        "publishing candles",
        () -> {
          try (Pipeline p = redis.pipelined()) {
            for (int s = 0; s < SHARDS; s++) {
              List<CandleEvent> shard = byShard.get(s);
              for (int i = 0; i < shard.size(); i += CandleCodec.MAX_CANDLES) {
                List<CandleEvent> entry =
                    shard.subList(i, Math.min(shard.size(), i + CandleCodec.MAX_CANDLES));
                p.xadd(STREAM_KEYS[s], params, CandleCodec.encode(entry));
              }
            }
            p.sync();
          }
          return null;
        });
  }

  /** Events on all shards not yet acknowledged or not yet delivered, for tests and status. */
  public long backlog() {
    long total = 0;
    for (int s = 0; s < SHARDS; s++) {
      int shard = s;
      total +=
          Redis.retrying(
              "reading the backlog",
              () -> {
                try {
                  var info = redis.xinfoGroups(streamKey(shard));
                  long sum = 0;
                  for (var g : info) {
                    if (GROUP.equals(g.getName())) {
                      Object lag = g.getGroupInfo().get("lag");
                      sum += g.getPending() + (lag instanceof Long l ? l : 0);
                    }
                  }
                  return sum;
                } catch (JedisDataException e) {
                  return 0L; // no such stream yet
                }
              });
    }
    return total;
  }

  @Override
  public Subscription subscribe(String consumer) {
    return new RedisSubscription(consumer);
  }

  @Override
  public String describe() {
    return "Redis at " + where;
  }

  @Override
  public void close() {
    redis.close();
  }

  private final class RedisSubscription implements Subscription {
    private final byte[] consumerBytes;
    private final ShardLeases leases;
    private final Set<Integer> toClaim = new HashSet<>();
    private boolean readOwnPending = true;
    private boolean sweepExhausted = true;
    private final String consumerName;
    private long nextRebalance;

    RedisSubscription(String consumer) {
      this.consumerBytes = consumer.getBytes(StandardCharsets.UTF_8);
      this.consumerName = consumer;
      this.leases = new ShardLeases(redis, consumer, SHARDS);
    }

    @Override
    public List<Delivery> poll(int max, Duration maxWait) throws InterruptedException {
      return Redis.retrying("reading candles", () -> pollOnce(max, maxWait));
    }

    private List<Delivery> pollOnce(int max, Duration maxWait) {
      try {
        if (clock.millis() >= nextRebalance) {
          List<Integer> taken = leases.rebalance();
          taken.forEach(RedisBus.this::ensureGroup);
          toClaim.addAll(taken);
          nextRebalance = clock.millis() + 1_000;
        }
        toClaim.retainAll(leases.owned());
        if (sweepExhausted) {
          leases.owned().forEach(this::setAsideExhausted);
          sweepExhausted = false;
        }
        List<Delivery> out = new ArrayList<>();
        for (Integer shard : List.copyOf(toClaim)) {
          claim(shard, max, out);
          if (!out.isEmpty()) {
            return out;
          }
          toClaim.remove(shard);
        }
        if (leases.owned().isEmpty()) {
          Thread.sleep(Math.min(maxWait.toMillis(), 200));
          return out;
        }
        if (readOwnPending) {
          // After a failure, what this consumer holds comes back one message at a time, so that a
          // message that always fails is set aside alone and its neighbours go through.
          for (Integer shard : leases.owned()) {
            var read =
                redis.xreadGroupBinary(
                    GROUP_BYTES,
                    consumerBytes,
                    XReadGroupParams.xReadGroupParams().count(1),
                    Map.of(STREAM_KEYS[shard], new StreamEntryID(0, 0)));
            if (read != null) {
              for (var stream : read) {
                for (StreamEntryBinary entry : stream.getValue()) {
                  out.add(delivery(streamKey(shard), entry.getID().toString(), entry.getFields()));
                }
              }
            }
            if (!out.isEmpty()) {
              return out;
            }
          }
          readOwnPending = false;
          return out;
        }
        Map<byte[], StreamEntryID> streams = new LinkedHashMap<>();
        StreamEntryID from = StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY;
        for (Integer shard : leases.owned()) {
          streams.put(STREAM_KEYS[shard], from);
        }
        // COUNT is in entries and applies to each stream: share the batch among the owned shards.
        int entries = Math.max(1, max / CandleCodec.MAX_CANDLES);
        int perShard = Math.max(1, (entries + streams.size() - 1) / streams.size());
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(perShard);
        if (!readOwnPending) {
          params.block((int) Math.max(1, maxWait.toMillis()));
        }
        var read = redis.xreadGroupBinary(GROUP_BYTES, consumerBytes, params, streams);
        if (read != null) {
          for (var stream : read) {
            String key = new String(stream.getKey(), StandardCharsets.US_ASCII);
            for (StreamEntryBinary entry : stream.getValue()) {
              out.add(delivery(key, entry.getID().toString(), entry.getFields()));
            }
          }
        }
        if (readOwnPending && out.isEmpty()) {
          readOwnPending = false;
        }
        return out;
      } catch (JedisDataException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("NOGROUP")) {
          // Redis came back without our streams or groups: recreate them and take leases anew.
          leases.forget();
          nextRebalance = 0;
          return List.of();
        }
        throw e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return List.of();
      }
    }

    /** Takes over what earlier owners of a shard left unacknowledged. */
    private void claim(int shard, int max, List<Delivery> out) {
      // The binary XAUTOCLAIM reply: [next id, [[id, [field, value, ...]], ...], deleted ids].
      List<Object> reply =
          redis.xautoclaim(
              STREAM_KEYS[shard],
              GROUP_BYTES,
              consumerBytes,
              0,
              "0-0".getBytes(StandardCharsets.US_ASCII),
              XAutoClaimParams.xAutoClaimParams().count(max));
      if (reply.size() < 2 || !(reply.get(1) instanceof List<?> entries)) {
        return;
      }
      for (Object e : entries) {
        if (e instanceof List<?> entry
            && entry.size() == 2
            && entry.get(0) instanceof byte[] id
            && entry.get(1) instanceof List<?> flat) {
          Map<byte[], byte[]> fields = new LinkedHashMap<>();
          for (int i = 0; i + 1 < flat.size(); i += 2) {
            fields.put((byte[]) flat.get(i), (byte[]) flat.get(i + 1));
          }
          out.add(delivery(streamKey(shard), new String(id, StandardCharsets.US_ASCII), fields));
        }
      }
    }

    @Override
    public void ack(List<Delivery> done) {
      if (done.isEmpty()) {
        return;
      }
      Map<String, List<StreamEntryID>> byStream = new LinkedHashMap<>();
      for (Delivery d : done) {
        byStream.computeIfAbsent(d.stream(), k -> new ArrayList<>()).add(new StreamEntryID(d.id()));
      }
      Redis.retrying(
          "acknowledging candles",
          () -> {
            try (Pipeline p = redis.pipelined()) {
              byStream.forEach(
                  (stream, ids) -> p.xack(stream, GROUP, ids.toArray(StreamEntryID[]::new)));
              p.sync();
            }
            return null;
          });
    }

    @Override
    public void recover() {
      readOwnPending = true;
      sweepExhausted = true;
    }

    /** Moves this consumer's messages of a shard delivered too often to the dead letters. */
    private void setAsideExhausted(int shard) {
      String stream = streamKey(shard);
      List<StreamPendingEntry> pending =
          redis.xpending(
              stream,
              GROUP,
              XPendingParams.xPendingParams(
                      StreamEntryID.MINIMUM_ID, StreamEntryID.MAXIMUM_ID, 1_000)
                  .consumer(consumerName));
      for (var p : pending) {
        if (p.getDeliveredTimes() >= MAX_DELIVERIES) {
          Object moved =
              redis.eval(
                  DEAD_LETTER,
                  List.of(stream, DEAD_LETTERS),
                  List.of(
                      GROUP,
                      p.getID().toString(),
                      Long.toString(p.getDeliveredTimes()),
                      Long.toString(MAX_LENGTH)));
          if (Long.valueOf(1).equals(moved)) {
            deadLettered.increment();
            LOG.error(
                "message {} on {} failed {} deliveries; moved to {} (it can be replayed from there)",
                p.getID(),
                stream,
                p.getDeliveredTimes(),
                DEAD_LETTERS);
          }
        }
      }
    }

    @Override
    public void close() {
      try {
        leases.releaseAll();
      } catch (RuntimeException e) {
        // Redis is gone: the leases expire on their own.
      }
    }
  }

  private void ensureGroup(int shard) {
    try {
      redis.xgroupCreate(streamKey(shard), GROUP, new StreamEntryID(0, 0), true);
    } catch (JedisDataException e) {
      if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  private static Delivery delivery(String stream, String id, Map<byte[], byte[]> fields) {
    try {
      return new Delivery(stream, id, CandleCodec.decode(fields), null);
    } catch (IllegalArgumentException e) {
      return new Delivery(stream, id, List.of(), e.getMessage());
    }
  }
}
