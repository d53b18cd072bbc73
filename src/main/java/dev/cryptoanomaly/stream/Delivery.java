package dev.cryptoanomaly.stream;

/**
 * A candle event as handed to a worker, with what acknowledging it needs.
 *
 * @param stream the bus stream (Redis key) it came from
 * @param id its id on that stream
 * @param event the event, or null when the message could not be decoded ({@code problem} says why)
 */
public record Delivery(String stream, String id, CandleEvent event, String problem) {}
