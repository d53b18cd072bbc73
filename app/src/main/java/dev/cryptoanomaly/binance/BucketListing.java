package dev.cryptoanomaly.binance;

import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.config.Redaction;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The archive bucket's S3 listing (ListObjects): folders ({@code CommonPrefixes} under a {@code /}
 * delimiter) and object keys under a prefix, over every page. It asks for version 2 ({@code
 * list-type=2}, continuing with {@code continuation-token}) and follows a server that answers in
 * version 1 with {@code marker} (its {@code NextMarker}, else the last name on the page). A page is
 * at most 1,000 names. An unreachable listing, a page that is not a ListBucketResult, or a
 * truncated page with nothing to continue from is one line naming the page.
 */
public final class BucketListing {
  /** Pages read for one prefix at most: 2,000 pages are two million names. */
  private static final int MOST_PAGES = 2_000;

  private final HttpFetcher http;
  private final URI listing;

  public BucketListing(HttpFetcher http, URI listing) {
    this.http = http;
    this.listing = listing;
  }

  /** One page: the folders and keys it names, and where the next one starts (null: none). */
  record Page(List<String> folders, List<String> keys, String token, String marker) {}

  /** The sub-folders right under {@code prefix} (ending in {@code /}), in key order. */
  public List<String> folders(String prefix) {
    List<String> out = new ArrayList<>();
    walk(prefix, true, null, page -> out.addAll(page.folders()));
    return out;
  }

  /** Every key under {@code prefix}, in key order, after {@code startAfter} when given. */
  public List<String> keys(String prefix, String startAfter) {
    List<String> out = new ArrayList<>();
    walk(
        prefix,
        false,
        startAfter,
        page ->
            page.keys().stream()
                .filter(k -> startAfter == null || k.compareTo(startAfter) > 0)
                .forEach(out::add));
    return out;
  }

  private void walk(
      String prefix, boolean delimited, String startAfter, java.util.function.Consumer<Page> each) {
    URI next = first(prefix, delimited, startAfter);
    for (int n = 1; n <= MOST_PAGES; n++) {
      Page page = page(next, n);
      each.accept(page);
      if (page.token() != null) {
        next = next(prefix, delimited, "list-type=2&continuation-token=" + encode(page.token()));
      } else if (page.marker() != null) {
        next = next(prefix, delimited, "marker=" + encode(page.marker()));
      } else {
        return;
      }
    }
    throw new UserException(
        "the listing of " + prefix + " goes on past " + MOST_PAGES + " pages at " + where());
  }

  private URI first(String prefix, boolean delimited, String startAfter) {
    // A version-1 server ignores list-type and start-after: it answers from the start, in
    // version 1, and the keys before startAfter are dropped here.
    return next(
        prefix,
        delimited,
        "list-type=2" + (startAfter == null ? "" : "&start-after=" + encode(startAfter)));
  }

  private URI next(String prefix, boolean delimited, String continuation) {
    String base = listing.toString();
    return URI.create(
        (base.endsWith("/") ? base : base + "/")
            + "?"
            + continuation
            + "&prefix="
            + encode(prefix)
            + (delimited ? "&delimiter=%2F" : ""));
  }

  private Page page(URI uri, int number) {
    HttpResponse<String> r = http.getString(uri);
    if (r.statusCode() != 200) {
      throw new UserException(
          "the bucket listing answered HTTP "
              + r.statusCode()
              + " for page "
              + number
              + " of "
              + Redaction.url(uri));
    }
    Document doc;
    try {
      doc = parser().parse(new ByteArrayInputStream(r.body().getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new UserException(
          "page "
              + number
              + " of the bucket listing "
              + Redaction.url(uri)
              + " is not complete XML ("
              + dev.cryptoanomaly.Messages.oneLine(String.valueOf(e.getMessage()))
              + ")",
          e);
    }
    Element root = doc.getDocumentElement();
    if (!"ListBucketResult".equals(root.getLocalName())) {
      throw new UserException(
          "page "
              + number
              + " of "
              + Redaction.url(uri)
              + " is not an S3 bucket listing (its root is <"
              + root.getLocalName()
              + ">)");
    }
    List<String> folders = new ArrayList<>();
    for (Element p : children(root, "CommonPrefixes")) {
      folders.add(text(p, "Prefix"));
    }
    List<String> keys = new ArrayList<>();
    for (Element c : children(root, "Contents")) {
      keys.add(text(c, "Key"));
    }
    boolean truncated = "true".equalsIgnoreCase(text(root, "IsTruncated"));
    if (!truncated) {
      return new Page(folders, keys, null, null);
    }
    String token = text(root, "NextContinuationToken");
    if (token != null && !token.isEmpty()) {
      return new Page(folders, keys, token, null);
    }
    String marker = text(root, "NextMarker");
    if (marker == null || marker.isEmpty()) {
      String lastKey = keys.isEmpty() ? null : keys.getLast();
      String lastFolder = folders.isEmpty() ? null : folders.getLast();
      marker =
          lastKey == null
              ? lastFolder
              : lastFolder == null || lastKey.compareTo(lastFolder) > 0 ? lastKey : lastFolder;
    }
    if (marker == null) {
      throw new UserException(
          "page "
              + number
              + " of "
              + Redaction.url(uri)
              + " says it is truncated but names nothing to continue from");
    }
    return new Page(folders, keys, null, marker);
  }

  private String where() {
    return Redaction.url(listing);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.getFirst().getTextContent().strip();
  }

  private static DocumentBuilder parser() throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setExpandEntityReferences(false);
    return f.newDocumentBuilder();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
