package dev.cryptoanomaly;

/**
 * Something outside the program failed (the store's file or server, a model registry's folder or
 * server, a damaged artifact): not the user's input ({@link UserException}) and not a bug. The CLI
 * and the dashboard report its message in one line that names what failed and why; the operator
 * fixes the environment rather than the command.
 */
public class OperationalException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OperationalException(String message) {
    super(message);
  }

  public OperationalException(String message, Throwable cause) {
    super(message, cause);
  }
}
