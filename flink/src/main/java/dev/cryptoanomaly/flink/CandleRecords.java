package dev.cryptoanomaly.flink;

import dev.cryptoanomaly.features.FeatureRegistry;
import dev.cryptoanomaly.kline.SeriesKey;
import dev.cryptoanomaly.online.CandleCodec;
import dev.cryptoanomaly.online.CandleEvent;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records of the candles topic as (series, open time, the record's value): the value is checked to
 * decode here and decoded again where it is decided, so what travels between operators is bytes
 * with Flink's own fast serializers. A record that does not decode is skipped, counted (metric
 * {@value #MALFORMED}) and logged, never fatal.
 */
final class CandleRecords
    implements KafkaRecordDeserializationSchema<Tuple3<String, Long, byte[]>> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(CandleRecords.class);

  static final String MALFORMED = "malformedCandles";

  /** (series, open time, the record's value). */
  static final TypeInformation<Tuple3<String, Long, byte[]>> TYPE =
      Types.TUPLE(Types.STRING, Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  private transient Counter malformed;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    malformed = context.getMetricGroup().counter(MALFORMED);
  }

  @Override
  public void deserialize(
      ConsumerRecord<byte[], byte[]> record, Collector<Tuple3<String, Long, byte[]>> out) {
    CandleEvent e;
    try {
      e = CandleCodec.decodeOne(record.value());
    } catch (IllegalArgumentException ex) {
      if (malformed != null) {
        malformed.inc();
      }
      LOG.warn(
          "skipping malformed record {} at offset {} of partition {}: {}",
          record.topic(),
          record.offset(),
          record.partition(),
          ex.getMessage());
      return;
    }
    out.collect(Tuple3.of(e.series().toString(), e.kline().openTime(), record.value()));
  }

  /** The market reference series of a series' market and interval. */
  static SeriesKey referenceOf(SeriesKey series) {
    return new SeriesKey(series.market(), FeatureRegistry.REFERENCE_SYMBOL, series.interval());
  }

  /** Whether a record (series, open time, value) is a candle of a market reference series. */
  static boolean isReference(Tuple3<String, Long, byte[]> record) {
    return record.f0.contains(" " + FeatureRegistry.REFERENCE_SYMBOL + " ");
  }

  @Override
  public TypeInformation<Tuple3<String, Long, byte[]>> getProducedType() {
    return TYPE;
  }
}
