package dev.cleanroom.runtime.table;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.ColumnBatch;
import java.util.List;

/**
 * Parses a run of whole records of a dataset's table text, for workers that decrypt and parse part of a dataset on
 * their own (see {@link RecordStarts}). Checks every value as a key release's full read does. The runtime has
 * already read the whole dataset once before any worker does, so an error here means the stored file changed or
 * the worker was given the wrong range.
 */
public final class TableText {
  private TableText() {}

  /**
   * The rows of {@code bytes[from, to)}, which holds whole records; with {@code skipHeader}, its first record is the
   * header row and is checked against the schema's column names instead.
   */
  public static ColumnBatch parse(String source, List<ColumnSchema> schema, byte[] bytes, int from, int to,
      boolean skipHeader) {
    TableTextParser parser = new TableTextParser(schema);
    int start = from;
    try {
      if (skipHeader) {
        byte[] text = from == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, from, to);
        TableTextParser.Header header = parser.header(text, to - from);
        List<String> expected = schema.stream().map(ColumnSchema::name).toList();
        if (!header.names().equals(expected)) {
          throw CleanroomException.invalid(source + " does not match the schema: header is " + header.names()
              + ", schema expects " + expected);
        }
        start = from + header.end();
      }
      return parser.parse(bytes, start, to).batch();
    } catch (TableTextException e) {
      throw CleanroomException.invalid(source + ": " + e.getMessage());
    }
  }
}
