package dev.cryptoanomaly.cli;

import static dev.cryptoanomaly.cli.BadInputTest.assertOneLineUserError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptoanomaly.config.Settings;
import dev.cryptoanomaly.testkit.Cli;
import dev.cryptoanomaly.testkit.TestDashboard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From detection to an analyst's verdict on the embedded store: detect stores incidents (the same
 * ones on a second run), {@code incidents} lists them, {@code alerts triage} records verdicts as
 * history and refuses bad input without storing anything, the verdicts export as labels and {@code
 * evaluate --labels triage} scores on them.
 */
@Tag("slow")
class IncidentTriageCliTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-05-05T00:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;

  private List<JsonNode> lines(String out) throws Exception {
    List<JsonNode> nodes = new java.util.ArrayList<>();
    for (String line : out.strip().lines().toList()) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  @Test
  void detectedIncidentsAreListedTriagedExportedAndEvaluated() throws Exception {
    Map<String, String> env = Map.of("CRYPTO_ANOMALY_HOME", home.toString());
    assertThat(Cli.run(env, CLOCK, "collect", "4", "--source", "synthetic").exit()).isZero();
    Cli.Result trained = Cli.run(env, CLOCK, "train", "--model", "kmeans", "--clusters", "3");
    assertThat(trained.exit()).as(trained.err()).isZero();
    Cli.Result detected = Cli.run(env, CLOCK, "detect", "--days", "4");
    assertThat(detected.exit()).as(detected.err()).isZero();
    assertThat(detected.out()).contains(" incidents: ").contains("single-asset");

    Cli.Result listed = Cli.run(env, CLOCK, "incidents", "--json", "--limit", "500");
    assertThat(listed.exit()).as(listed.err()).isZero();
    List<JsonNode> incidents = lines(listed.out());
    assertThat(incidents).isNotEmpty();
    Cli.Result again = Cli.run(env, CLOCK, "detect", "--days", "4");
    assertThat(again.exit()).isZero();
    assertThat(lines(Cli.run(env, CLOCK, "incidents", "--json", "--limit", "500").out()))
        .as("a second run finds the same incidents under the same ids")
        .extracting(n -> n.get("id").asText())
        .containsExactlyElementsOf(incidents.stream().map(n -> n.get("id").asText()).toList());
    Cli.Result wide = Cli.run(env, CLOCK, "incidents", "--scope", "market-wide");
    assertThat(wide.exit()).isZero();
    assertThat(Cli.run(env, CLOCK, "incidents").out()).contains("lead").contains("scope");

    JsonNode alert =
        lines(Cli.run(env, CLOCK, "alerts", "--json", "--limit", "1").out()).getFirst();
    String id = alert.get("id").asText();
    JsonNode incident = incidents.getFirst();
    String incidentId = incident.get("id").asText();

    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "triage", "a000000000000", "--as", "confirmed"),
        "no stored alert has the id a000000000000");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "triage", "not-an-id", "--as", "confirmed"),
        "ID 'not-an-id' is not an alert or incident id");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "triage", id, "--as", "maybe"),
        "--as unknown triage state 'maybe'");
    assertOneLineUserError(
        Cli.run(
            env, CLOCK, "alerts", "triage", id, "--as", "dismissed", "--note", "x".repeat(2001)),
        "--note the note has 2,001 characters; the most is 2,000");
    assertOneLineUserError(Cli.run(env, CLOCK, "incidents", "--scope", "global"), "--scope");
    assertOneLineUserError(Cli.run(env, CLOCK, "incidents", "--since", "yesterday"), "--since");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "evaluate", "--labels", "triage"), "--labels triage: no alert");

    Cli.Result first = Cli.run(env, CLOCK, "alerts", "triage", id, "--as", "dismissed");
    assertThat(first.exit()).as(first.err()).isZero();
    Cli.Result second =
        Cli.run(env, CLOCK, "alerts", "triage", id, "--as", "confirmed", "--note", "a real dump");
    assertThat(second.out())
        .contains("marked confirmed")
        .contains("dismissed")
        .as("the earlier verdict stays in the history")
        .contains("a real dump");
    assertThat(second.out().strip().lines()).hasSize(3);
    assertThat(Cli.run(env, CLOCK, "alerts", "triage", incidentId, "--as", "known-event").exit())
        .isZero();
    assertThat(lines(Cli.run(env, CLOCK, "incidents", "--json", "--limit", "500").out()))
        .filteredOn(n -> n.get("id").asText().equals(incidentId))
        .singleElement()
        .satisfies(n -> assertThat(n.get("triage").asText()).isEqualTo("known-event"));

    // The feed narrowed to what an analyst asks: the verdicts, an incident's alerts, a scope.
    List<JsonNode> confirmed =
        lines(Cli.run(env, CLOCK, "alerts", "--json", "--triage", "confirmed").out());
    assertThat(confirmed).extracting(n -> n.get("id").asText()).containsExactly(id);
    assertThat(lines(Cli.run(env, CLOCK, "alerts", "--json", "--triage", "untriaged").out()))
        .isNotEmpty()
        .noneMatch(n -> n.get("id").asText().equals(id));
    List<String> members = new java.util.ArrayList<>();
    incident.get("members").forEach(m -> members.add(m.get("alert").asText()));
    assertThat(
            lines(
                Cli.run(env, CLOCK, "alerts", "--json", "--limit", "500", "--incident", incidentId)
                    .out()))
        .extracting(n -> n.get("id").asText())
        .containsExactlyInAnyOrderElementsOf(members);
    String scope = incident.get("scope").asText();
    assertThat(
            lines(
                Cli.run(env, CLOCK, "alerts", "--json", "--limit", "500", "--scope", scope).out()))
        .extracting(n -> n.get("id").asText())
        .containsAll(members);
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "--triage", "maybe"),
        "--triage unknown triage state 'maybe'; choose untriaged, confirmed");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "--incident", "a000000000000"),
        "--incident 'a000000000000' is not an incident id");
    assertOneLineUserError(Cli.run(env, CLOCK, "alerts", "--scope", "global"), "--scope");
    assertOneLineUserError(
        Cli.run(env, CLOCK, "alerts", "--follow", "--triage", "confirmed"), "--follow");

    Path labels = home.resolve("triage.csv");
    Cli.Result exported =
        Cli.run(env, CLOCK, "alerts", "export", "--labels", "--out", labels.toString());
    assertThat(exported.exit()).as(exported.err()).isZero();
    assertThat(Files.readString(labels))
        .contains("symbol,start,end,kind")
        .contains(alert.get("symbol").asText() + "," + alert.get("first_hit").asText())
        .contains("confirmed");
    Cli.Result evaluated = Cli.run(env, CLOCK, "evaluate", "--labels", "triage", "--json");
    assertThat(evaluated.exit()).as(evaluated.err()).isZero();
    JsonNode metrics = JSON.readTree(evaluated.out()).get("models").get(0).get("metrics");
    assertThat(metrics.get("triaged_precision").asDouble()).isEqualTo(1.0);
    assertThat(metrics.get("event_recall").asDouble()).isEqualTo(1.0);
    Cli.Result fromFile = Cli.run(env, CLOCK, "evaluate", "--labels", labels.toString());
    assertThat(fromFile.exit()).as(fromFile.err()).isZero();

    // The dashboard lists the same incidents and records verdicts from its buttons' API.
    Settings settings = Settings.fromMap(env, home).withHome(home);
    try (TestDashboard d = new TestDashboard(settings, CLOCK)) {
      assertThat(d.get("/api/incidents").json().get("incidents").toString()).contains(incidentId);
      assertThat(d.get("/").body())
          .contains("id=\"incident-list\"")
          .contains("data-id=\"" + incidentId + "\"")
          .contains("data-id=\"" + id + "\"");
      assertThat(d.get("/api/incidents?scope=nowhere").json().get("error").toString())
          .contains("field 'scope': unknown scope");
      assertThat(d.get("/api/alerts?triage=confirmed").json().get("alerts").toString())
          .contains(id);
      assertThat((List<?>) d.get("/api/alerts?incident=" + incidentId).json().get("alerts"))
          .hasSize(members.size());
      assertThat(d.get("/api/alerts?triage=maybe").json().get("error").toString())
          .contains("field 'triage': unknown triage state 'maybe'");
      assertThat(d.get("/api/alerts?incident=nope").json().get("error").toString())
          .contains("field 'incident'");
      // The feed's rows name their incident, with its other symbols linked to their charts.
      String page = d.get("/?incident=" + incidentId).body();
      assertThat(page).contains("class=\"incident-alerts\" href=\"/?incident=" + incidentId);
      if (members.size() > 1) {
        assertThat(page).contains("class=\"neighbour\"");
      }
      TestDashboard.Reply ok =
          d.post(
              "/api/triage",
              Map.of("id", incidentId, "state", "confirmed", "note", "BTC led", "analyst", "ann"));
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(ok.json().get("history").toString()).contains("known-event").contains("ann");
      for (Map<String, Object> bad :
          List.<Map<String, Object>>of(
              Map.of("id", "a000000000000", "state", "confirmed", "analyst", "ann"),
              Map.of("id", incidentId, "state", "maybe", "analyst", "ann"),
              Map.of("id", incidentId, "state", "confirmed", "analyst", ""),
              Map.of(
                  "id",
                  incidentId,
                  "state",
                  "confirmed",
                  "analyst",
                  "ann",
                  "note",
                  "x".repeat(2001)),
              Map.of("id", incidentId, "state", "confirmed", "who", "ann"))) {
        TestDashboard.Reply r = d.post("/api/triage", bad);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json()).containsKey("error");
      }
      assertThat(
              lines(Cli.run(env, CLOCK, "incidents", "--json", "--limit", "500").out()).stream()
                  .filter(n -> n.get("id").asText().equals(incidentId))
                  .findFirst()
                  .orElseThrow()
                  .get("triage")
                  .asText())
          .as("the refused requests stored nothing")
          .isEqualTo("confirmed");
    }
  }
}
