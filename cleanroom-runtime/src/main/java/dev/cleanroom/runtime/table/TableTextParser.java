package dev.cleanroom.runtime.table;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.ColumnBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses whole records of table text (RFC 4180 CSV in UTF-8, as {@code TableCsv} writes it) straight from bytes
 * into a {@link ColumnBatch}: no {@code String} per cell except where a value needs the JDK's own parser. Reads
 * the text as {@code TableCsv.read} does: values may be quoted ({@code ""} is a quote inside quotes), spaces around
 * a value are ignored, a record ends with LF or CRLF, an empty value is NULL. It is stricter where canonical text
 * never goes: a quote inside an unquoted value, a carriage return alone and text after a closing quote are errors.
 *
 * <p>Stateless apart from a scratch buffer: one instance per thread.
 */
final class TableTextParser {
  private final List<ColumnSchema> schema;
  private final CellDecoder decoder = new CellDecoder();
  private byte[] scratch = new byte[256];
  // The value found by the last call to field(): where its bytes are and where the record goes on.
  private byte[] valueBytes;
  private int valueStart;
  private int valueEnd;
  private int next;
  private int newlinesInValue;

  TableTextParser(List<ColumnSchema> schema) {
    this.schema = List.copyOf(schema);
  }

  /** What one block held: its rows and how many line breaks it spans (for line numbers in later errors). */
  record Parsed(ColumnBatch batch, long lines) {}

  /** The header's names and where the first data record starts. */
  record Header(List<String> names, int end) {}

  /** Reads the first record of {@code bytes} as column names. */
  Header header(byte[] bytes, int length) {
    List<String> names = new ArrayList<>();
    int position = 0;
    while (true) {
      int end = field(bytes, position, length, 0, 0, 0);
      names.add(new String(valueBytes, valueStart, valueEnd - valueStart, java.nio.charset.StandardCharsets.UTF_8));
      if (!decoder.isUtf8(valueBytes, valueStart, valueEnd)) {
        throw new TableTextException(0, 1, -1, "the header is not valid UTF-8");
      }
      position = next;
      if (end != ',') {
        return new Header(names, position);
      }
    }
  }

  /** Parses every record in {@code bytes[from, to)}, which holds whole records only. */
  Parsed parse(byte[] bytes, int from, int to) {
    ColumnBatch batch = new ColumnBatch(schema, Math.max(64, (to - from) / 64));
    int position = from;
    long lines = 0;
    int row = 0;
    int columns = schema.size();
    while (position < to) {
      row++;
      long recordLine = lines;
      int recordStart = position;
      for (int column = 0; column < columns; column++) {
        int end = field(bytes, position, to, row, recordLine, column);
        lines += newlinesInValue;
        boolean last = column == columns - 1;
        if (last ? end == ',' : end != ',') {
          throw new TableTextException(row, recordLine, -1, "has " + countValues(bytes, recordStart, to)
              + " values; the header has " + columns + " columns");
        }
        decoder.add(batch, schema.get(column).type(), valueBytes, valueStart, valueEnd, row, recordLine, column);
        position = next;
      }
      batch.endRow();
      lines++;
    }
    return new Parsed(batch, lines);
  }

  /**
   * Finds the value starting at {@code position}: sets {@code valueBytes/valueStart/valueEnd} (unquoted, unescaped,
   * spaces around it dropped) and {@code next} (just after its delimiter). Returns the delimiter: {@code ','},
   * {@code '\n'} or -1 at the end of the text.
   */
  private int field(byte[] bytes, int position, int to, int row, long line, int column) {
    newlinesInValue = 0;
    int index = position;
    while (index < to && isSpace(bytes[index])) {
      index++;
    }
    if (index < to && bytes[index] == '"') {
      return quoted(bytes, index + 1, to, row, line, column);
    }
    int start = index;
    while (index < to) {
      byte current = bytes[index];
      if (current == ',' || current == '\n') {
        break;
      }
      if (current == '"') {
        throw new TableTextException(row, line, column, "a quote inside an unquoted value");
      }
      if (current == '\r' && (index + 1 >= to || bytes[index + 1] != '\n')) {
        throw new TableTextException(row, line, column, "a carriage return outside quotes");
      }
      index++;
    }
    int end = index;
    while (end > start && isSpace(bytes[end - 1])) {
      end--;
    }
    valueBytes = bytes;
    valueStart = start;
    valueEnd = end;
    return delimiter(bytes, index, to);
  }

  private int quoted(byte[] bytes, int start, int to, int row, long line, int column) {
    int index = start;
    int length = 0;
    boolean escaped = false;
    while (true) {
      if (index >= to) {
        throw new TableTextException(row, line, column, "a quoted value is not closed");
      }
      byte current = bytes[index];
      if (current == '"') {
        if (index + 1 < to && bytes[index + 1] == '"') {
          if (!escaped) {
            escaped = true;
            length = copyToScratch(bytes, start, index - start, 0);
          }
          length = copyToScratch(bytes, index, 1, length);
          index += 2;
          continue;
        }
        break;
      }
      if (current == '\n') {
        newlinesInValue++;
      }
      if (escaped) {
        length = copyToScratch(bytes, index, 1, length);
      }
      index++;
    }
    if (escaped) {
      valueBytes = scratch;
      valueStart = 0;
      valueEnd = length;
    } else {
      valueBytes = bytes;
      valueStart = start;
      valueEnd = index;
    }
    index++;
    while (index < to && isSpace(bytes[index])) {
      index++;
    }
    if (index < to && bytes[index] != ',' && bytes[index] != '\n') {
      throw new TableTextException(row, line, column, "text after the closing quote");
    }
    return delimiter(bytes, index, to);
  }

  private int delimiter(byte[] bytes, int index, int to) {
    if (index >= to) {
      next = to;
      return -1;
    }
    next = index + 1;
    return bytes[index];
  }

  private int copyToScratch(byte[] bytes, int from, int count, int length) {
    if (length + count > scratch.length) {
      scratch = java.util.Arrays.copyOf(scratch, Math.max(scratch.length * 2, length + count));
    }
    System.arraycopy(bytes, from, scratch, length, count);
    return length + count;
  }

  /** Values in the record at {@code start}, counted only to say how many there are in an error. */
  private int countValues(byte[] bytes, int start, int to) {
    int values = 1;
    boolean inQuotes = false;
    for (int index = start; index < to; index++) {
      byte current = bytes[index];
      if (current == '"') {
        inQuotes = !inQuotes;
      } else if (!inQuotes && current == ',') {
        values++;
      } else if (!inQuotes && current == '\n') {
        break;
      }
    }
    return values;
  }

  /** The whitespace {@code TableCsv} ignores around values (Java's ASCII whitespace, line feed aside). */
  private static boolean isSpace(byte value) {
    return value == ' ' || value == '\t' || value == '\r' || value == 0x0B || value == 0x0C
        || (value >= 0x1C && value <= 0x1F);
  }
}
