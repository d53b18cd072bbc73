package dev.cryptoanomaly;

/** Turning failures into the one-line messages users see, the same way everywhere. */
public final class Messages {
  private Messages() {}

  /**
   * The message on one line, safe to print: line breaks and the blanks around them become one
   * space, credentials inside URLs are hidden ({@link dev.cryptoanomaly.config.Redaction}), and
   * control and format characters (a terminal escape, a bidi override) from user input are shown
   * escaped, so that no message can rewrite the screen it is printed on.
   */
  public static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    String flat = message.replaceAll("\\s*\\R\\s*", " ").strip();
    return escapeControls(dev.cryptoanomaly.config.Redaction.text(flat));
  }

  /** Control and format characters as {@code \\u001b}; everything else unchanged. */
  public static String escapeControls(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      boolean hidden = type == Character.CONTROL || type == Character.FORMAT;
      if (hidden && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (hidden) {
          out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** The innermost cause's message (its class name when it has none), which names the failure. */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /**
   * Why a network call failed, in words a person reads: "connection refused", "timed out", "unknown
   * host example.org", else the innermost message (never a bare exception class name).
   */
  public static String networkFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String known =
          switch (t) {
            case java.net.ConnectException c -> "connection refused";
            case java.net.http.HttpTimeoutException h -> "timed out";
            case java.net.SocketTimeoutException s -> "timed out";
            case java.net.UnknownHostException u ->
                "unknown host" + (u.getMessage() == null ? "" : " " + u.getMessage());
            case javax.net.ssl.SSLException s -> "TLS failed: " + rootMessage(s);
            default -> null;
          };
      if (known != null) {
        return known;
      }
    }
    return rootMessage(e);
  }
}
