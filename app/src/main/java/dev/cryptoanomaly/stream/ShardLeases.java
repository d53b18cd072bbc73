package dev.cryptoanomaly.stream;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Which bus shards a worker reads. Each shard has a lease in Redis that one worker at a time holds
 * and renews; a worker holds at most its fair share (shards / live workers), so a new worker gets
 * shards handed over and a dead worker's leases expire and are taken by the others. A shard's
 * candles thus go to one worker at a time, which keeps each series' online state on one worker.
 */
final class ShardLeases {
  static final long LEASE_MILLIS = 10_000;
  static final long LIVE_MILLIS = 5_000;

  private static final String RENEW =
      "if redis.call('get', KEYS[1]) == ARGV[1] then"
          + " return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1])"
          + " else return 0 end";

  private final RedisClient redis;
  private final String consumer;
  private final int shards;
  private final Set<Integer> owned = new LinkedHashSet<>();

  ShardLeases(RedisClient redis, String consumer, int shards) {
    this.redis = redis;
    this.consumer = consumer;
    this.shards = shards;
  }

  static String membersKey() {
    return Redis.PREFIX + "workers";
  }

  static String leaseKey(int shard) {
    return Redis.PREFIX + "lease:" + shard;
  }

  /**
   * Heartbeat, renew, give back shards beyond the fair share, take free ones up to it.
   *
   * @return shards newly taken, whose pending events must be claimed before new ones are read
   */
  List<Integer> rebalance() {
    long now = serverMillis();
    redis.zadd(membersKey(), now, consumer);
    redis.zremrangeByScore(membersKey(), Double.NEGATIVE_INFINITY, now - LIVE_MILLIS);
    long live = Math.max(1, redis.zcard(membersKey()));
    int fair = (int) ((shards + live - 1) / live);
    for (Integer shard : List.copyOf(owned)) {
      Object renewed =
          redis.eval(
              RENEW, List.of(leaseKey(shard)), List.of(consumer, Long.toString(LEASE_MILLIS)));
      if (!Long.valueOf(1).equals(renewed)) {
        owned.remove(shard);
      }
    }
    while (owned.size() > fair) {
      Integer last = List.copyOf(owned).get(owned.size() - 1);
      redis.eval(RELEASE, List.of(leaseKey(last)), List.of(consumer));
      owned.remove(last);
    }
    List<Integer> taken = new ArrayList<>();
    int start = Math.floorMod(consumer.hashCode(), shards);
    for (int i = 0; i < shards && owned.size() < fair; i++) {
      int shard = (start + i) % shards;
      if (owned.contains(shard)) {
        continue;
      }
      String ok = redis.set(leaseKey(shard), consumer, SetParams.setParams().nx().px(LEASE_MILLIS));
      if ("OK".equals(ok)) {
        owned.add(shard);
        taken.add(shard);
      }
    }
    return taken;
  }

  /**
   * The Redis server's clock, not this machine's: members are scored and expired on one clock, so a
   * worker whose clock runs minutes behind is not dropped as dead, nor one ahead kept alive.
   */
  private long serverMillis() {
    Object millis =
        redis.eval(
            "local t = redis.call('time') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)");
    return ((Number) millis).longValue();
  }

  Set<Integer> owned() {
    return owned;
  }

  /** Gives every lease back and leaves the membership (a clean shutdown). */
  void releaseAll() {
    for (Integer shard : owned) {
      redis.eval(RELEASE, List.of(leaseKey(shard)), List.of(consumer));
    }
    owned.clear();
    redis.zrem(membersKey(), consumer);
  }

  /** Forgets the leases without touching Redis, e.g. after Redis lost them in a restart. */
  void forget() {
    owned.clear();
  }
}
