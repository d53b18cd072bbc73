package dev.cryptoanomaly.store;

/**
 * The whole store, in the roles it plays ({@link CandleStore}, {@link FeatureStore}, {@link
 * DetectionStore}, {@link IncidentStore}), as every backend (embedded SQLite, PostgreSQL)
 * implements it in one database and the contract test suite checks it. Code that needs one role
 * takes that role.
 */
public interface KlineStore
    extends CandleStore, FeatureStore, DetectionStore, IncidentStore, AutoCloseable {
  /** A short description for messages, e.g. the file path; never a password. */
  String describe();

  @Override
  void close();
}
