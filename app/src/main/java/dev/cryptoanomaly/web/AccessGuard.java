package dev.cryptoanomaly.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * Checks every request before it reaches a page: the access token when one is configured (header,
 * cookie, or a {@code ?token=} link that sets the cookie), the Host header on loopback binds (so a
 * hostile page cannot reach the dashboard through DNS rebinding), and JSON bodies from this origin
 * for every change (so a cross-site form cannot start a download), file uploads excepted when they
 * carry the page's own header.
 */
final class AccessGuard {
  static final String COOKIE = "crypto_anomaly_token";
  private final String token;
  private final String session;
  private final boolean loopback;
  private final java.util.Set<String> hostNames;

  AccessGuard(DashboardOptions options) {
    this.token = options.token();
    this.session = token == null ? null : sessionValue(token);
    this.loopback = DashboardOptions.loopback(options.host());
    this.hostNames = options.acceptedHostNames();
  }

  void check(Context ctx) {
    if (token == null && loopback) {
      String host = hostName(ctx.header("Host")).toLowerCase(Locale.ROOT);
      if (!hostNames.contains(host)) {
        throw refused(
            ctx, new ForbiddenResponse("this dashboard answers only to 127.0.0.1 and localhost"));
      }
    } else if (token != null && !authorised(ctx)) {
      String offered = ctx.queryParam("token");
      if (offered != null && same(offered, token)) {
        ctx.cookie(
            new io.javalin.http.Cookie(
                COOKIE, session, "/", -1, false, true, null, io.javalin.http.SameSite.STRICT));
        ctx.redirect(ctx.path());
        ctx.skipRemainingHandlers();
        return;
      }
      throw refused(
          ctx,
          new UnauthorizedResponse(
              "this dashboard needs its access token: open it with ?token=... once, or send"
                  + " 'Authorization: Bearer <token>'"));
    }
    if (changes(ctx)) {
      String type = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
      if (!type.startsWith("application/json") && !upload(ctx, type)) {
        throw refused(ctx, new ForbiddenResponse("changes must be sent as application/json"));
      }
      String origin = ctx.header("Origin");
      if (origin != null && !origin.endsWith("://" + ctx.header("Host"))) {
        throw refused(ctx, new ForbiddenResponse("cross-origin request refused"));
      }
    }
  }

  /** Body bytes read and dropped before a refusal is answered. */
  static final long DRAIN_LIMIT = 4L << 20;

  /**
   * The refusal, after reading what the client is still sending (up to {@link #DRAIN_LIMIT}): a
   * server that answers and closes while a body is on its way makes the client see the connection
   * drop ("received no bytes") instead of the refusal; a refused upload of a few files must still
   * get its one-line answer.
   */
  private static RuntimeException refused(Context ctx, RuntimeException refusal) {
    try (java.io.InputStream body = ctx.req().getInputStream()) {
      byte[] buffer = new byte[64 * 1024];
      long left = DRAIN_LIMIT;
      int n;
      while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
        left -= n;
      }
    } catch (java.io.IOException | IllegalStateException e) {
      // nothing more to read, or the body was never there: the refusal stands either way
    }
    return refusal;
  }

  /**
   * A file upload: multipart, which a cross-site form could send too, so only with the header the
   * dashboard's own page adds; a browser sends a custom header to another origin only after a
   * preflight, which this server never grants.
   */
  private static boolean upload(Context ctx, String type) {
    return ctx.path().equals(UPLOAD_PATH)
        && type.startsWith("multipart/form-data")
        && UPLOAD_HEADER_VALUE.equals(ctx.header(UPLOAD_HEADER));
  }

  static final String UPLOAD_PATH = "/api/data/upload";
  static final String UPLOAD_HEADER = "X-Requested-With";
  static final String UPLOAD_HEADER_VALUE = "crypto-anomaly-dashboard";

  private static boolean changes(Context ctx) {
    String m = ctx.method().name();
    return !m.equals("GET") && !m.equals("HEAD") && !m.equals("OPTIONS");
  }

  private boolean authorised(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.startsWith("Bearer ") && same(header.substring(7), token)) {
      return true;
    }
    String cookie = ctx.cookie(COOKIE);
    return cookie != null && same(cookie, session);
  }

  /**
   * What the session cookie holds: an HMAC of a fixed label under the token, so a cookie read off a
   * disk or a proxy log is not the token itself (it cannot be used as a Bearer token or typed into
   * another dashboard), and changing the token ends every session.
   */
  static String sessionValue(String token) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return java.util.HexFormat.of()
          .formatHex(
              mac.doFinal("crypto-anomaly dashboard session".getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static boolean same(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  static String hostName(String hostHeader) {
    if (hostHeader == null) {
      return "";
    }
    if (hostHeader.startsWith("[")) {
      int end = hostHeader.indexOf(']');
      return end < 0 ? hostHeader : hostHeader.substring(0, end + 1);
    }
    int colon = hostHeader.lastIndexOf(':');
    return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
  }
}
