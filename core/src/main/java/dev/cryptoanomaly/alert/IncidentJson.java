package dev.cryptoanomaly.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.cryptoanomaly.Numbers;
import java.util.List;

/**
 * The one JSON shape of an incident: {@code incidents --json}, the dashboard's API and its
 * announcement on the alert channels ({@code kind} "incident" there). Times ISO-8601 to the second.
 *
 * @param model the pooled version ({@code name@3}) or per-symbol family ({@code name.*})
 * @param watched how many symbols the model watches
 * @param triage the latest verdict, absent when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IncidentJson(
    String kind,
    String id,
    String market,
    String interval,
    String model,
    IncidentScope scope,
    Severity severity,
    String onset,
    String lastHit,
    String lead,
    List<String> symbols,
    int watched,
    List<Member> members,
    TriageState triage,
    String updatedAt) {
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /** One alert of the incident. */
  public record Member(
      String symbol,
      String alert,
      String firstHit,
      String lastHit,
      String peak,
      double probability,
      Severity severity) {}

  public static IncidentJson of(Incident i, TriageEntry triage, String kind) {
    return new IncidentJson(
        kind,
        i.id(),
        i.source().market().cliName(),
        i.source().interval().apiName(),
        i.source().label(),
        i.scope(),
        i.severity(),
        Numbers.instant(i.onset()),
        Numbers.instant(i.lastHit()),
        i.lead(),
        List.copyOf(i.symbols()),
        i.watched(),
        i.members().stream().map(IncidentJson::member).toList(),
        triage == null ? null : triage.state(),
        Numbers.instant(i.updatedAt()));
  }

  private static Member member(IncidentMember m) {
    return new Member(
        m.symbol(),
        m.alertId(),
        Numbers.instant(m.firstHit()),
        Numbers.instant(m.lastHit()),
        Numbers.instant(m.peak()),
        m.probability(),
        m.severity());
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an incident is plain data", e);
    }
  }
}
