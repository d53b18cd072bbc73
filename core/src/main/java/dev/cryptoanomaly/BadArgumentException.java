package dev.cryptoanomaly;

/**
 * A user mistake in one named input (a date, a number of days), said without knowing whether the
 * input was a CLI flag or a form field: the CLI reports it as {@code --start 1999-01-01 is before
 * ...}, the dashboard as {@code field 'start': 1999-01-01 is before ...}.
 *
 * @param argument the input's name without dashes ({@code start}, {@code end}, {@code days})
 */
public class BadArgumentException extends UserException {
  private static final long serialVersionUID = 1L;

  private final String argument;
  private final String problem;

  public BadArgumentException(String argument, String problem) {
    super("--" + argument + " " + problem);
    this.argument = argument;
    this.problem = problem;
  }

  public String argument() {
    return argument;
  }

  /** What is wrong with it, without its name. */
  public String problem() {
    return problem;
  }

  /** The message as a form shows it, naming the field. */
  public String asField() {
    return "field '" + argument + "': " + problem;
  }
}
