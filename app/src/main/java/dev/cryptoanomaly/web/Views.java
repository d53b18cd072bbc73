package dev.cryptoanomaly.web;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** Server-rendered pages: Pebble templates under {@code web/templates}, escaped by default. */
final class Views {
  private final PebbleEngine engine;

  Views() {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("web/templates");
    loader.setSuffix(".peb");
    this.engine =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .extension(new NumbersExtension())
            .build();
  }

  String render(String template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      engine.getTemplate(template).evaluate(out, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
