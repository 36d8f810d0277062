package dev.cleanroom.attestation;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.crypto.Hashes;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The measurement of a runtime: SHA-384 over every file of the cleanroom's own code ({@code dev/cleanroom/**}:
 * classes and resources) found on its class path, and over its configuration text. Files are taken by name in
 * sorted order and hashed by content, so the same build gives the same value wherever it runs (jar timestamps and
 * file order do not count), and any change to a class or to the configuration changes it.
 *
 * <p>What this covers is the cleanroom build; on hardware the platform measures the whole launched image (firmware,
 * kernel, JVM, libraries), which a hardware attester reports instead.
 *
 * @param hex the SHA-384 digest, 96 lower-case hex characters
 * @param files how many code files were measured
 */
public record RuntimeMeasurement(String hex, int files) {
  private static final String PREFIX = "dev/cleanroom/";

  /** Measures the code on this JVM's class path with {@code configuration}. */
  public static RuntimeMeasurement ofRunningCode(String configuration) {
    List<Path> locations = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!entry.isEmpty() && Files.exists(Path.of(entry))) {
        locations.add(Path.of(entry));
      }
    }
    return of(locations, configuration);
  }

  /** Measures the code in {@code locations} (directories or jars, in class-path order) with {@code configuration}. */
  public static RuntimeMeasurement of(List<Path> locations, String configuration) {
    Map<String, String> files = new TreeMap<>();
    for (Path location : locations) {
      try {
        if (Files.isDirectory(location)) {
          collectDirectory(location, files);
        } else {
          collectJar(location, files);
        }
      } catch (IOException e) {
        throw new CleanroomException(ErrorCode.IO, "cannot read runtime code at " + location + " to measure it: " + e.getMessage(), e);
      }
    }
    if (files.isEmpty()) {
      throw new CleanroomException(ErrorCode.INTERNAL, "no cleanroom code found to measure in " + locations);
    }
    MessageDigest sha384 = sha384();
    sha384.update("cleanroom-measurement/1\n".getBytes(StandardCharsets.UTF_8));
    files.forEach((name, hash) -> sha384.update((name + " " + hash + "\n").getBytes(StandardCharsets.UTF_8)));
    sha384.update(("configuration\n" + configuration).getBytes(StandardCharsets.UTF_8));
    return new RuntimeMeasurement(Hashes.hex(sha384.digest()), files.size());
  }

  private static void collectDirectory(Path root, Map<String, String> files) throws IOException {
    Path base = root.resolve(PREFIX);
    if (!Files.isDirectory(base)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(file).toString().replace(File.separatorChar, '/');
        files.putIfAbsent(name, Hashes.sha256Hex(Files.readAllBytes(file)));
      }
    }
  }

  private static void collectJar(Path jar, Map<String, String> files) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Enumeration<JarEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.isDirectory() || !entry.getName().startsWith(PREFIX) || files.containsKey(entry.getName())) {
          continue;
        }
        try (InputStream in = file.getInputStream(entry)) {
          files.put(entry.getName(), Hashes.sha256Hex(in.readAllBytes()));
        }
      }
    }
  }

  private static MessageDigest sha384() {
    try {
      return MessageDigest.getInstance("SHA-384");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is a required JDK algorithm", e);
    }
  }
}
