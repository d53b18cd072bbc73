package dev.cryptoanomaly.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.kline.Kline;
import dev.cryptoanomaly.kline.SeriesKey;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches closed klines from the REST endpoint ({@code /api/v3/klines} for spot), paging by {@code
 * startTime}. The newest kline is usually still open: only candles whose close time has passed are
 * returned.
 */
public final class RestKlinesClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpFetcher http;
  private final URI apiBase;

  public RestKlinesClient(HttpFetcher http, URI apiBase) {
    this.http = http;
    this.apiBase = apiBase;
  }

  /**
   * Closed klines with open time in {@code [from, to)}, as of {@code now}.
   *
   * @throws UserException when Binance does not know the symbol
   */
  public List<Kline> closedKlines(SeriesKey series, long from, long to, long now) {
    List<Kline> out = new ArrayList<>();
    long cursor = from;
    int limit = series.market().maxLimit();
    while (cursor < to) {
      URI uri =
          URI.create(
              apiBase
                  + series.market().klinesPath()
                  + "?symbol="
                  + series.symbol()
                  + "&interval="
                  + series.interval().apiName()
                  + "&startTime="
                  + cursor
                  + "&endTime="
                  + (to - 1)
                  + "&limit="
                  + limit);
      HttpResponse<String> response = http.getString(uri);
      if (response.statusCode() == 400 && response.body().contains("-1121")) {
        throw new UserException("Binance does not know the symbol " + series.symbol());
      }
      if (response.statusCode() != 200) {
        throw new UserException(
            "REST klines request "
                + uri
                + " failed with HTTP "
                + response.statusCode()
                + ": "
                + abbreviate(response.body()));
      }
      List<Kline> page = parse(response.body(), uri);
      long last = Long.MIN_VALUE;
      for (Kline k : page) {
        last = Math.max(last, k.openTime());
        if (k.openTime() >= cursor && k.openTime() < to && k.closeTime() < now) {
          out.add(k);
        }
      }
      if (page.size() < limit || last == Long.MIN_VALUE) {
        break;
      }
      cursor = series.interval().next(last);
    }
    return out;
  }

  private static List<Kline> parse(String body, URI uri) {
    try {
      JsonNode root = JSON.readTree(body);
      if (!root.isArray()) {
        throw new UserException("REST klines answer from " + uri + " is not a JSON array");
      }
      List<Kline> out = new ArrayList<>(root.size());
      for (JsonNode row : root) {
        out.add(
            new Kline(
                Timestamps.toMillis(row.get(0).asLong()),
                row.get(1).asDouble(),
                row.get(2).asDouble(),
                row.get(3).asDouble(),
                row.get(4).asDouble(),
                row.get(5).asDouble(),
                Timestamps.toMillis(row.get(6).asLong()),
                row.get(7).asDouble(),
                row.get(8).asLong(),
                row.get(9).asDouble(),
                row.get(10).asDouble()));
      }
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
      if (e instanceof UserException u) {
        throw u;
      }
      throw new UserException("malformed REST klines answer from " + uri + ": " + e.getMessage());
    }
  }

  private static String abbreviate(String s) {
    String oneLine = s.replaceAll("\\s+", " ");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }
}
