package dev.cryptoanomaly.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An announcement as a record of the alerts topic, the one layout the workers, the Flink job and
 * {@code alerts --follow} share: the announcement's key (an alert group's series, onset and
 * severity; {@code incident:} and an incident's id), its JSON as the value, and a header {@value
 * #KIND} saying which of the two it is.
 */
public final class AlertRecord {
  /** The record header naming what the value is: {@value #ALERT} or {@value #INCIDENT}. */
  public static final String KIND = "kind";

  public static final String ALERT = "alert";
  public static final String INCIDENT = "incident";

  private AlertRecord() {}

  /** The record of one announcement. */
  public static ProducerRecord<byte[], byte[]> of(
      String topic, String key, String json, String kind) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(new RecordHeader(KIND, kind.getBytes(StandardCharsets.US_ASCII)));
    return new ProducerRecord<>(
        topic,
        null,
        null,
        key.getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /** What a record's value is; {@value #ALERT} when it carries no header. */
  public static String kind(Headers headers) {
    Header kind = headers.lastHeader(KIND);
    return kind == null ? ALERT : new String(kind.value(), StandardCharsets.US_ASCII);
  }
}
