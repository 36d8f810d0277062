package dev.cleanroom.engine.duckdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Looks for files DuckDB could have written: in java.io.tmpdir, the working directory and DuckDB's home folder. */
final class DiskScan {
  private DiskScan() {}

  static List<Path> watchedDirectories() {
    List<Path> directories = new ArrayList<>();
    directories.add(Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    directories.add(Paths.get(System.getProperty("user.dir")).toAbsolutePath());
    directories.add(Paths.get(System.getProperty("user.home"), ".duckdb").toAbsolutePath());
    for (Path directory : directories) {
      if (directory.startsWith(Paths.get(System.getProperty("user.home"), ".duckdb"))) {
        continue;
      }
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return directories;
  }

  /** Every regular file under the directories, with its size, so that growth shows as well as creation. */
  static Set<String> snapshot(List<Path> directories) {
    Set<String> files = new TreeSet<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(directory)) {
        walk.filter(Files::isRegularFile).forEach(file -> files.add(file + " " + size(file)));
      } catch (IOException | UncheckedIOException e) {
        // A file vanished while walking: DuckDB deletes its spill files; the next snapshot will tell.
      }
    }
    return files;
  }

  /** The files under the directories whose bytes contain {@code marker}. */
  static List<Path> filesContaining(List<Path> directories, String marker) {
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    List<Path> found = new ArrayList<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(directory)) {
        walk.filter(Files::isRegularFile).filter(file -> contains(file, needle)).forEach(found::add);
      } catch (IOException | UncheckedIOException e) {
        // See snapshot.
      }
    }
    return found;
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static boolean contains(Path file, byte[] needle) {
    byte[] buffer = new byte[1 << 20];
    byte[] carry = new byte[0];
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        byte[] window = new byte[carry.length + read];
        System.arraycopy(carry, 0, window, 0, carry.length);
        System.arraycopy(buffer, 0, window, carry.length, read);
        if (indexOf(window, needle) >= 0) {
          return true;
        }
        int keep = Math.min(needle.length - 1, window.length);
        carry = new byte[keep];
        System.arraycopy(window, window.length - keep, carry, 0, keep);
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int start = 0; start + needle.length <= haystack.length; start++) {
      for (int offset = 0; offset < needle.length; offset++) {
        if (haystack[start + offset] != needle[offset]) {
          continue outer;
        }
      }
      return start;
    }
    return -1;
  }
}
