package dev.cryptoanomaly.web;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cryptoanomaly.OperationalException;
import dev.cryptoanomaly.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dashboard's comparisons, kept as JSON in {@code <data folder>/evaluations} beside the CLI's
 * evaluation records, so that a reload or another day reopens them as they were shown.
 */
final class SavedEvaluations {
  private static final String PREFIX = "comparison-";
  private static final Pattern NAME = Pattern.compile(PREFIX + "[0-9TZ.-]+\\.json");
  private final Path dir;

  SavedEvaluations(Path dir) {
    this.dir = dir;
  }

  /** Writes a comparison (to a temporary file first, so no half-written one is ever listed). */
  String save(Map<String, Object> result) {
    String name = PREFIX + String.valueOf(result.get("at")).replace(':', '-') + ".json";
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".comparison-", ".tmp");
      Dashboard.JSON.writeValue(tmp.toFile(), result);
      Files.move(
          tmp,
          dir.resolve(name),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return name;
    } catch (IOException e) {
      throw new OperationalException(
          "cannot keep the comparison in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The saved comparisons, newest first: their file name, title and time. */
  List<Map<String, Object>> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f :
          files
              .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
              .sorted(java.util.Comparator.reverseOrder())
              .limit(20)
              .toList()) {
        Map<String, Object> r = read(f);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.getFileName().toString());
        m.put("title", r.getOrDefault("title", f.getFileName().toString()));
        m.put("at", r.get("at"));
        out.add(m);
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** One saved comparison by its file name; any other name is refused. */
  Map<String, Object> get(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new UserException(
          "field 'name' must name a saved comparison, such as "
              + PREFIX
              + "2024-08-05T00-00-00Z.json");
    }
    Path f = dir.resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new UserException("field 'name': no saved comparison " + name);
    }
    return read(f);
  }

  private static Map<String, Object> read(Path f) {
    try {
      return Dashboard.JSON.readValue(f.toFile(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new OperationalException("cannot read " + f + ": " + e.getMessage(), e);
    }
  }
}
