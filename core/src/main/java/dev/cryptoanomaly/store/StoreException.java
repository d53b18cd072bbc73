package dev.cryptoanomaly.store;

import dev.cryptoanomaly.OperationalException;

/** A storage failure that is not the user's doing (disk full, corrupted file, lost connection). */
public class StoreException extends OperationalException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
