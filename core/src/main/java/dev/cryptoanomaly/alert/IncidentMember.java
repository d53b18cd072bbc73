package dev.cryptoanomaly.alert;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One alert in an incident.
 *
 * @param alertId the alert's id ({@link AlertIds#alert})
 * @param firstHit its onset, epoch ms
 * @param lastHit open time of its last hit
 * @param peak open time of its rarest candle
 */
public record IncidentMember(
    @JsonProperty("symbol") String symbol,
    @JsonProperty("alert") String alertId,
    @JsonProperty("first_hit") long firstHit,
    @JsonProperty("last_hit") long lastHit,
    @JsonProperty("peak") long peak,
    @JsonProperty("probability") double probability,
    @JsonProperty("severity") Severity severity) {}
