package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import org.apache.arrow.c.jni.JniLoader;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Checks, once per engine, that Apache Arrow can run in this JVM: its C data interface's native library loads and
 * its memory layer can reach direct buffers (which on Java 17 needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED}).
 * An engine that could not load tables fails when it opens, not at its first key release.
 */
final class ArrowSupport {
  static final String JVM_OPTION = "--add-opens=java.base/java.nio=ALL-UNNAMED";

  private ArrowSupport() {}

  static void requireAvailable() {
    try {
      JniLoader.get().ensureLoaded();
      long address = MemoryUtil.allocateMemory(8);
      try {
        MemoryUtil.directBuffer(address, 8);
      } finally {
        MemoryUtil.freeMemory(address);
      }
    } catch (RuntimeException | LinkageError e) {
      throw unavailable("the DuckDB engine cannot load tables", e);
    }
  }

  static CleanroomException unavailable(String what, Throwable cause) {
    return new CleanroomException(ErrorCode.INTERNAL, what + " through Apache Arrow (" + cause.getClass().getSimpleName()
        + ": " + cause.getMessage() + "); start the JVM with " + JVM_OPTION, cause);
  }
}
