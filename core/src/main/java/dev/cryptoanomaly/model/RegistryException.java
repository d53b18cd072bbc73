package dev.cryptoanomaly.model;

import dev.cryptoanomaly.OperationalException;

/**
 * A model registry failed: its folder cannot be read or written, its server answered with something
 * it should not, or a saved version is damaged.
 */
public class RegistryException extends OperationalException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
