package dev.cryptoanomaly.model.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cryptoanomaly.UserException;
import dev.cryptoanomaly.model.ManifestJson;
import dev.cryptoanomaly.model.ModelArtifacts;
import dev.cryptoanomaly.model.ModelManifest;
import dev.cryptoanomaly.model.ModelNames;
import dev.cryptoanomaly.model.ModelRef;
import dev.cryptoanomaly.model.RegistryException;
import dev.cryptoanomaly.model.TrainedModel;
import dev.cryptoanomaly.model.TrainingHistory;
import dev.cryptoanomaly.model.TrainingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The registry without a server: {@code models/NAME/VERSION/} folders of artifacts in the data
 * folder, {@code models/NAME/aliases.json} and an append-only {@code promotions.jsonl}. A version
 * appears by renaming a finished temporary folder, and numbering and alias moves happen under a
 * file lock, so processes never see half a model or take the same number.
 */
public final class LocalModelRegistry implements ModelRegistry {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final Path root;

  public LocalModelRegistry(Path home) {
    this.root = home.resolve("models");
  }

  @Override
  public String describe() {
    return "local registry " + root;
  }

  @Override
  public Version register(String name, TrainedModel model, TrainingRecord record) {
    ModelNames.require(name);
    Map<String, byte[]> files = new LinkedHashMap<>(ModelArtifacts.write(model));
    files.put(TrainingHistory.FILE, TrainingHistory.json(record));
    record.plots().forEach((file, png) -> files.put("plots/" + file, png));
    return locked(
        name,
        dir -> {
          int next = versionNumbers(dir).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
          Path tmp = Files.createTempDirectory(dir, ".new-");
          for (var f : files.entrySet()) {
            Path target = tmp.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, f.getValue());
          }
          Files.writeString(tmp.resolve("created"), Instant.now().toString());
          move(tmp, dir.resolve(Integer.toString(next)));
          return version(name, next).orElseThrow();
        });
  }

  @Override
  public Optional<TrainingHistory> training(Version v) {
    Path file =
        root.resolve(v.name()).resolve(Integer.toString(v.version())).resolve(TrainingHistory.FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TrainingHistory.read(Files.readAllBytes(file), file.toString()));
    } catch (IOException | IllegalArgumentException e) {
      throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String logEvaluation(
      Map<String, String> params, Map<String, Map<String, Double>> results) {
    Path dir = root.resolveSibling("evaluations");
    Map<String, Object> record = new LinkedHashMap<>(params);
    record.put("results", results);
    try {
      Files.createDirectories(dir);
      String at = params.getOrDefault("at", Instant.now().toString()).replace(':', '-');
      Path file = dir.resolve("evaluation-" + at + ".json");
      JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), record);
      return file.toString();
    } catch (IOException e) {
      throw new RegistryException(
          "cannot write the evaluation to " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<String> names() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<Version> versions(String name) {
    Path dir = root.resolve(ModelNames.require(name));
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Version> out = new ArrayList<>();
    for (int v : versionNumbers(dir)) {
      version(name, v).ifPresent(out::add);
    }
    return out;
  }

  @Override
  public Optional<Version> version(String name, int version) {
    Path dir = root.resolve(ModelNames.require(name)).resolve(Integer.toString(version));
    if (!Files.isRegularFile(dir.resolve(ModelArtifacts.MANIFEST))) {
      return Optional.empty();
    }
    try {
      ModelManifest manifest =
          ManifestJson.read(
              Files.readAllBytes(dir.resolve(ModelArtifacts.MANIFEST)),
              dir.resolve(ModelArtifacts.MANIFEST).toString());
      Instant created = Instant.parse(Files.readString(dir.resolve("created")).strip());
      List<String> aliases =
          aliases(name).entrySet().stream()
              .filter(e -> e.getValue() == version)
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      return Optional.of(new Version(name, version, created, manifest, aliases));
    } catch (IOException e) {
      throw new RegistryException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Version> byAlias(String name, String alias) {
    Integer v = aliases(name).get(alias);
    return v == null ? Optional.empty() : version(name, v);
  }

  @Override
  public TrainedModel load(String name, int version) {
    Path dir = root.resolve(ModelNames.require(name)).resolve(Integer.toString(version));
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String f : ModelArtifacts.ALL_FILES) {
      Path p = dir.resolve(f);
      if (Files.isRegularFile(p)) {
        try {
          files.put(f, Files.readAllBytes(p));
        } catch (IOException e) {
          throw new RegistryException("cannot read " + p + ": " + e.getMessage(), e);
        }
      }
    }
    return ModelArtifacts.read(files, ModelRef.of(name, version) + " (" + dir + ")");
  }

  @Override
  public void setAlias(Promotion p) {
    ModelNames.require(p.alias());
    locked(
        p.name(),
        dir -> {
          if (version(p.name(), p.version()).isEmpty()) {
            throw new UserException("model '" + p.name() + "' has no version " + p.version());
          }
          Map<String, Integer> aliases = new LinkedHashMap<>(aliases(p.name()));
          aliases.put(p.alias(), p.version());
          Path tmp = Files.createTempFile(dir, ".aliases-", ".json");
          JSON.writeValue(tmp.toFile(), aliases);
          move(tmp, dir.resolve("aliases.json"));
          Files.writeString(
              dir.resolve("promotions.jsonl"),
              JSON.writeValueAsString(p) + "\n",
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
          return null;
        });
  }

  @Override
  public List<Promotion> promotions(String name) {
    Path log = root.resolve(ModelNames.require(name)).resolve("promotions.jsonl");
    if (!Files.isRegularFile(log)) {
      return List.of();
    }
    try {
      List<Promotion> out = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        if (!line.isBlank()) {
          out.add(JSON.readValue(line, Promotion.class));
        }
      }
      return out;
    } catch (IOException e) {
      throw new RegistryException("cannot read " + log + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Integer> aliases(String name) {
    Path file = root.resolve(name).resolve("aliases.json");
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try {
      return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Integer>>() {});
    } catch (IOException e) {
      throw new RegistryException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Integer> versionNumbers(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> n.chars().allMatch(Character::isDigit) && !n.isEmpty())
          .map(Integer::parseInt)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private interface LockedWork<T> {
    T run(Path dir) throws IOException;
  }

  private <T> T locked(String name, LockedWork<T> work) {
    Path dir = root.resolve(name);
    try {
      Files.createDirectories(dir);
      try (FileChannel ch =
              FileChannel.open(
                  dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = ch.lock()) {
        return work.run(dir);
      }
    } catch (IOException e) {
      throw new RegistryException("cannot write the " + describe() + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
