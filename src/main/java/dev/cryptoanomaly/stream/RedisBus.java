package dev.cryptoanomaly.stream;

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
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Redis Streams: candles of a series always go to the same of {@link #SHARDS} streams, read through
 * the consumer group {@link #GROUP}. Workers lease shards ({@link ShardLeases}), so each series is
 * processed in order by one worker at a time; a new owner first claims what the previous one left
 * unacknowledged. Commands survive a Redis restart: they are retried until Redis is back, and
 * groups are recreated if Redis came back empty.
 */
public final class RedisBus implements CandleBus {
  public static final int SHARDS = 16;
  public static final String GROUP = "workers";
  static final long MAX_LENGTH = 1_000_000;

  private final RedisClient redis;
  private final String where;
  private final Clock clock;

  public RedisBus(RedisClient redis, String where, Clock clock) {
    this.redis = redis;
    this.where = where;
    this.clock = clock;
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
    Redis.retrying(
        "publishing candles",
        () -> {
          try (Pipeline p = redis.pipelined()) {
            for (CandleEvent e : events) {
              p.xadd(streamKey(shardOf(e)), params, CandleCodec.encode(e));
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
    private final String consumer;
    private final ShardLeases leases;
    private final Set<Integer> toClaim = new HashSet<>();
    private boolean readOwnPending = true;
    private long nextRebalance;

    RedisSubscription(String consumer) {
      this.consumer = consumer;
      this.leases = new ShardLeases(redis, consumer, SHARDS, clock);
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
        Map<String, StreamEntryID> streams = new LinkedHashMap<>();
        StreamEntryID from =
            readOwnPending ? new StreamEntryID(0, 0) : StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY;
        for (Integer shard : leases.owned()) {
          streams.put(streamKey(shard), from);
        }
        XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(max);
        if (!readOwnPending) {
          params.block((int) Math.max(1, maxWait.toMillis()));
        }
        var read = redis.xreadGroup(GROUP, consumer, params, streams);
        if (read != null) {
          for (var stream : read) {
            for (StreamEntry entry : stream.getValue()) {
              out.add(delivery(stream.getKey(), entry));
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
      var claimed =
          redis.xautoclaim(
              streamKey(shard),
              GROUP,
              consumer,
              0,
              new StreamEntryID(0, 0),
              XAutoClaimParams.xAutoClaimParams().count(max));
      for (StreamEntry entry : claimed.getValue()) {
        if (entry != null) {
          out.add(delivery(streamKey(shard), entry));
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

  private static Delivery delivery(String stream, StreamEntry entry) {
    try {
      return new Delivery(
          stream, entry.getID().toString(), CandleCodec.decode(entry.getFields()), null);
    } catch (IllegalArgumentException e) {
      return new Delivery(stream, entry.getID().toString(), null, e.getMessage());
    }
  }
}
