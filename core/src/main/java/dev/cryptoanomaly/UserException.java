package dev.cryptoanomaly;

/**
 * A mistake the user can fix (bad argument, unreachable host, unwritable folder). The CLI prints
 * its message as one line and exits with code 2; anything else is a bug and exits with code 1.
 */
public class UserException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
