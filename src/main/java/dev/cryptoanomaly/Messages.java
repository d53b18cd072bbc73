package dev.cryptoanomaly;

/** Turning failures into the one-line messages users see, the same way everywhere. */
public final class Messages {
  private Messages() {}

  /** The message on one line: line breaks and the blanks around them become one space. */
  public static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /** The innermost cause's message (its class name when it has none), which names the failure. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
