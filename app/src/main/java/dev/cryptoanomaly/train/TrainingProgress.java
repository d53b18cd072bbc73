package dev.cryptoanomaly.train;

/**
 * A step of a training, for whoever follows it (the CLI prints {@link #message()}, the dashboard
 * also moves its progress bar by {@link #fraction()}).
 *
 * @param trial the trial this step starts (1-based), or 0 when the step is not a trial
 * @param trials how many trials the search has
 */
public record TrainingProgress(int trial, int trials, String message) {
  /** How far the search is, from 0 to 1; a step that is not a trial counts as done so far. */
  public double fraction() {
    return trials == 0 ? 0 : (trial == 0 ? trials : trial - 1) / (double) trials;
  }

  static TrainingProgress note(String message) {
    return new TrainingProgress(0, 0, message);
  }
}
