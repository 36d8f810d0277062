package dev.cleanroom.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeMeasurementTest {
  @TempDir Path temp;

  private Path build(String name, byte[] engineClass) throws IOException {
    Path root = temp.resolve(name);
    write(root.resolve("dev/cleanroom/runtime/Engine.class"), engineClass);
    write(root.resolve("dev/cleanroom/runtime/Keys.class"), new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2, 3});
    write(root.resolve("org/other/Library.class"), new byte[] {9, 9, 9});
    return root;
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  @Test
  void measure_sameBuildTwice_sameValue() throws IOException {
    Path first = build("first", new byte[] {1, 2, 3});
    Path second = build("second", new byte[] {1, 2, 3});

    RuntimeMeasurement a = RuntimeMeasurement.of(List.of(first), "engine=duckdb\n");
    RuntimeMeasurement b = RuntimeMeasurement.of(List.of(second), "engine=duckdb\n");

    assertThat(a).isEqualTo(b);
    assertThat(a.hex()).hasSize(96);
    assertThat(a.files()).isEqualTo(2);
  }

  @Test
  void measure_oneClassChanged_differs() throws IOException {
    RuntimeMeasurement original = RuntimeMeasurement.of(List.of(build("a", new byte[] {1, 2, 3})), "engine=duckdb\n");
    RuntimeMeasurement patched = RuntimeMeasurement.of(List.of(build("b", new byte[] {1, 2, 4})), "engine=duckdb\n");

    assertThat(patched.hex()).isNotEqualTo(original.hex());
  }

  @Test
  void measure_otherConfiguration_differs() throws IOException {
    Path code = build("a", new byte[] {1, 2, 3});

    assertThat(RuntimeMeasurement.of(List.of(code), "engine=duckdb\n").hex())
        .isNotEqualTo(RuntimeMeasurement.of(List.of(code), "engine=spark\n").hex());
  }

  @Test
  void measure_classOutsideCleanroomChanged_ignored() throws IOException {
    Path code = build("a", new byte[] {1, 2, 3});
    RuntimeMeasurement before = RuntimeMeasurement.of(List.of(code), "");
    write(code.resolve("org/other/Library.class"), new byte[] {7});

    assertThat(RuntimeMeasurement.of(List.of(code), "")).isEqualTo(before);
  }

  @Test
  void measure_jarWithOtherTimestampsAndOrder_sameAsDirectory() throws IOException {
    Path directory = build("a", new byte[] {1, 2, 3});
    Path jar = temp.resolve("runtime.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      for (String name : List.of("dev/cleanroom/runtime/Keys.class", "dev/cleanroom/runtime/Engine.class")) {
        JarEntry entry = new JarEntry(name);
        entry.setLastModifiedTime(FileTime.fromMillis(123_456_789L));
        out.putNextEntry(entry);
        try (OutputStream ignored = OutputStream.nullOutputStream()) {
          out.write(Files.readAllBytes(directory.resolve(name)));
        }
        out.closeEntry();
      }
    }

    assertThat(RuntimeMeasurement.of(List.of(jar), "x")).isEqualTo(RuntimeMeasurement.of(List.of(directory), "x"));
  }

  @Test
  void measure_runningCode_isStableWithinOneBuild() {
    RuntimeMeasurement first = RuntimeMeasurement.ofRunningCode("engine=duckdb\n");

    assertThat(RuntimeMeasurement.ofRunningCode("engine=duckdb\n")).isEqualTo(first);
    assertThat(first.files()).isGreaterThan(5);
  }

  @Test
  void measure_noCleanroomCode_refused() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));

    assertThatThrownBy(() -> RuntimeMeasurement.of(List.of(empty), "")).hasMessageContaining("no cleanroom code");
  }
}
