package dev.cryptoanomaly.features;

/**
 * Scratch arrays a feature computation reuses for every block of rows, so evaluating a block
 * allocates nothing. One per evaluator: not shared between threads.
 */
final class Workspace {
  final double[] first;
  final double[] second;
  final double[] shifted;
  final double[] changes;

  /** For blocks of up to {@code rows} rows and windows of up to {@code window} values. */
  Workspace(int rows, int window) {
    first = new double[rows];
    second = new double[rows];
    shifted = new double[rows];
    changes = new double[rows + window];
  }
}
