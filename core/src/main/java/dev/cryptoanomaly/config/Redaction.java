package dev.cryptoanomaly.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one place that makes a URL safe to print: credentials in the user-info part ({@code
 * user:pass@}) and the values of query parameters that carry secrets are replaced by {@code ***}.
 * Every URL the CLI, the pages, the APIs and the logs show passes through here.
 */
public final class Redaction {
  private static final String HIDDEN = "***";
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)(token|key|secret|password|passwd|pwd|signature|sig|auth|credential|"
              + "x-amz-[a-z-]*|access_token|api_key|apikey)");
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@?#\\s]*@");

  private Redaction() {}

  /** The URL with credentials hidden; text that is no URL is returned with any user-info hidden. */
  public static String url(String text) {
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text.strip());
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        return hideUserInfo(text);
      }
      StringBuilder out = new StringBuilder(uri.getScheme()).append("://");
      if (uri.getRawUserInfo() != null) {
        out.append(HIDDEN).append('@');
      }
      out.append(uri.getHost() != null ? hostOf(uri) : authorityWithoutUser(uri));
      if (uri.getRawPath() != null) {
        out.append(uri.getRawPath());
      }
      if (uri.getRawQuery() != null) {
        out.append('?').append(query(uri.getRawQuery()));
      }
      if (uri.getRawFragment() != null) {
        out.append('#').append(uri.getRawFragment());
      }
      return out.toString();
    } catch (URISyntaxException e) {
      return hideUserInfo(text);
    }
  }

  /** A URI, printed safely. */
  public static String url(URI uri) {
    return uri == null ? null : url(uri.toString());
  }

  /** The URL without its user-info part at all: for links a browser opens. */
  public static URI withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri;
    }
    String text = uri.toString();
    return URI.create(USER_INFO.matcher(text).replaceFirst(""));
  }

  /** Hides every {@code scheme://user:pass@} inside a free text, such as an error message. */
  public static String text(String message) {
    return message == null ? null : hideUserInfo(message);
  }

  private static String hideUserInfo(String text) {
    return USER_INFO.matcher(text).replaceAll(HIDDEN + "@");
  }

  private static String hostOf(URI uri) {
    return uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
  }

  private static String authorityWithoutUser(URI uri) {
    String authority = uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    return at < 0 ? authority : authority.substring(at + 1);
  }

  private static String query(String raw) {
    StringBuilder out = new StringBuilder();
    for (String pair : raw.split("&", -1)) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (eq >= 0 && SECRET_PARAMETER.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
        out.append(name).append('=').append(HIDDEN);
      } else {
        out.append(pair);
      }
    }
    return out.toString();
  }
}
