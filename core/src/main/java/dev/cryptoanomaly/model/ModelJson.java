package dev.cryptoanomaly.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cryptoanomaly.detect.CovarianceType;
import dev.cryptoanomaly.kline.Interval;
import dev.cryptoanomaly.kline.Market;
import java.io.IOException;
import java.util.function.Function;

/**
 * The one JSON style of a model version's artifacts: snake_case keys, instants as ISO-8601 text,
 * markets, intervals, kinds and covariance types by their command-line names, indented. Every
 * artifact record is bound through this mapper, so none is written by hand.
 */
public final class ModelJson {
  public static final ObjectMapper MAPPER = mapper();

  private ModelJson() {}

  private static ObjectMapper mapper() {
    SimpleModule names = new SimpleModule("crypto-anomaly-names");
    named(names, Market.class, Market::cliName, Market::parse);
    named(names, Interval.class, Interval::archiveName, Interval::parse);
    named(names, ModelKind.class, ModelKind::id, ModelKind::parse);
    named(names, CovarianceType.class, CovarianceType::cliName, CovarianceType::parse);
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(names)
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(SerializationFeature.INDENT_OUTPUT);
  }

  private static <T> void named(
      SimpleModule module, Class<T> type, Function<T, String> name, Function<String, T> parse) {
    module.addSerializer(
        type,
        new JsonSerializer<T>() {
          @Override
          public void serialize(T value, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeString(name.apply(value));
          }
        });
    module.addDeserializer(
        type,
        new JsonDeserializer<T>() {
          @Override
          public T deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return parse.apply(p.getValueAsString());
          }
        });
  }
}
