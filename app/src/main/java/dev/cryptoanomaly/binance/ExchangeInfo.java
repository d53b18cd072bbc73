package dev.cryptoanomaly.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Redaction;
import dev.cryptoanomaly.kline.Market;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v3/exchangeInfo} (spot) or {@code /fapi/v1/exchangeInfo} (USD-M futures): the
 * symbols Binance lists now, with their status ({@code TRADING}, {@code BREAK}, ...) and assets. A
 * symbol the archive holds but this does not name is delisted.
 */
public final class ExchangeInfo {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One listed symbol. */
  public record Listed(String symbol, String status, String baseAsset, String quoteAsset) {
    public boolean trading() {
      return "TRADING".equals(status);
    }
  }

  private final HttpFetcher http;
  private final URI api;

  public ExchangeInfo(HttpFetcher http, URI api) {
    this.http = http;
    this.api = api;
  }

  /** The listed symbols of a market, by name. */
  public Map<String, Listed> symbols(Market market) {
    URI uri = URI.create(api + market.exchangeInfoPath());
    HttpResponse<String> r = http.getString(uri);
    if (r.statusCode() != 200) {
      throw new UserException(
          Redaction.url(uri) + " answered HTTP " + r.statusCode() + " for the exchange info");
    }
    JsonNode symbols;
    try {
      symbols = JSON.readTree(r.body()).path("symbols");
    } catch (Exception e) {
      throw new UserException(
          "the exchange info at " + Redaction.url(uri) + " is not JSON: " + e.getMessage(), e);
    }
    if (!symbols.isArray()) {
      throw new UserException(
          "the exchange info at " + Redaction.url(uri) + " has no list of symbols");
    }
    Map<String, Listed> out = new LinkedHashMap<>();
    for (JsonNode s : symbols) {
      String name = s.path("symbol").asText("");
      if (!name.isEmpty()) {
        out.put(
            name,
            new Listed(
                name,
                s.path("status").asText(""),
                s.path("baseAsset").asText(""),
                s.path("quoteAsset").asText("")));
      }
    }
    return out;
  }
}
