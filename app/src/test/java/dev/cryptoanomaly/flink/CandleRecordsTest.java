package dev.cryptoanomaly.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.Market;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The job's reading of the candles topic: a record that does not decode is skipped, not fatal. */
class CandleRecordsTest {
  @Test
  void aCandleBecomesItsSeriesOpenTimeAndBytesAndAMalformedRecordIsSkipped() {
    SeriesKey btc = new SeriesKey(Market.SPOT, "BTCUSDT", Interval.M1);
    byte[] good =
        CandleCodec.encodeOne(
            new CandleEvent(btc, new Kline(60_000, 1, 2, 0.5, 1.5, 9, 119_999, 10, 3, 4, 5), 7));
    List<Tuple3<String, Long, byte[]>> out = new ArrayList<>();
    Collector<Tuple3<String, Long, byte[]>> collector =
        new Collector<>() {
          @Override
          public void collect(Tuple3<String, Long, byte[]> record) {
            out.add(record);
          }

          @Override
          public void close() {}
        };
    CandleRecords records = new CandleRecords();
    records.deserialize(new ConsumerRecord<>("t", 0, 0, null, new byte[] {3, 'a'}), collector);
    records.deserialize(new ConsumerRecord<>("t", 0, 1, null, null), collector);
    records.deserialize(new ConsumerRecord<>("t", 0, 2, null, good), collector);
    assertThat(out).hasSize(1);
    assertThat(out.getFirst().f0).isEqualTo(btc.toString());
    assertThat(out.getFirst().f1).isEqualTo(60_000L);
    assertThat(out.getFirst().f2).isEqualTo(good);
  }
}
