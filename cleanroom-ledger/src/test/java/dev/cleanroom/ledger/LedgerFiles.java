package dev.cleanroom.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers for the file store tests: readable records and raw file surgery. */
final class LedgerFiles {
  static final int FILE_HEADER = 8;
  static final int FRAME_HEADER = 8;

  private LedgerFiles() {}

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static List<String> texts(List<byte[]> records) {
    List<String> result = new ArrayList<>();
    records.forEach(record -> result.add(text(record)));
    return result;
  }

  /** Records "record-0" .. "record-{count-1}". */
  static List<byte[]> records(int count) {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(utf8("record-" + i));
    }
    return records;
  }

  /** Creates a ledger holding {@link #records(int)}, each appended on its own, and closes it. */
  static void writeLedger(Path file, int count) {
    try (FileLedgerStore store = FileLedgerStore.open(file)) {
      for (byte[] record : records(count)) {
        store.append(List.of(record));
      }
    }
  }

  static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void write(Path file, byte[] content) {
    try {
      Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Byte offset of frame {@code index} in a ledger of {@link #records(int)}. */
  static int frameOffset(int index) {
    int offset = FILE_HEADER;
    for (int i = 0; i < index; i++) {
      offset += FRAME_HEADER + utf8("record-" + i).length;
    }
    return offset;
  }
}
