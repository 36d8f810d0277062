package dev.cleanroom.protocol;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The table text that is encrypted: RFC 4180 CSV, UTF-8, a header row with the column names, then one row per
 * record; an empty cell is NULL. Owners' files are read, checked against a schema (inferred or given) and written
 * in this form; the runtime reads it back typed. Every error names the source, the row and the column. Streams:
 * nothing here holds more than one row.
 */
public final class TableCsv {
  private static final CSVFormat READ = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
      .setIgnoreSurroundingSpaces(true).get();
  private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  private TableCsv() {}

  /** A reader of table text that refuses malformed UTF-8 instead of replacing it. */
  public static Reader strictUtf8(java.io.InputStream in) {
    return new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT));
  }

  /** Receives typed rows: {@code Long}, {@code Double}, {@code Boolean}, {@code LocalDate}, {@code String} or null. */
  public interface RowSink {
    void row(Object[] values);
  }

  /** A schema inferred from a whole file, and its row count. */
  public record Inferred(List<ColumnSchema> schema, long rows) {}

  /** Reads the whole of {@code csv} and infers each column's narrowest type: BIGINT, DOUBLE, BOOLEAN, DATE or VARCHAR. */
  public static Inferred infer(Reader csv, String source) {
    try (CSVParser parser = CSVParser.parse(csv, READ)) {
      List<String> names = header(parser, source);
      ColumnType[] types = new ColumnType[names.size()];
      long rows = 0;
      for (CSVRecord record : parser) {
        checkWidth(record, names.size(), source);
        for (int i = 0; i < names.size(); i++) {
          types[i] = widen(types[i], record.get(i));
        }
        rows++;
      }
      List<ColumnSchema> schema = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        schema.add(columnSchema(names.get(i), types[i] == null ? ColumnType.VARCHAR : types[i], source));
      }
      return new Inferred(schema, rows);
    } catch (IOException | UncheckedIOException e) {
      throw malformedCsv(source, e);
    }
  }

  /**
   * Reads {@code csv}, checks its header names and every cell against {@code schema}, and writes the canonical form
   * to {@code out}. Returns the number of data rows.
   */
  public static long copyChecked(Reader csv, String source, List<ColumnSchema> schema, Writer out) {
    try (CSVParser parser = CSVParser.parse(csv, READ); CSVPrinter printer = new CSVPrinter(out, WRITE)) {
      checkHeader(header(parser, source), schema, source);
      printer.printRecord(schema.stream().map(ColumnSchema::name).toList());
      long rows = 0;
      Object[] row = new Object[schema.size()];
      String[] text = new String[schema.size()];
      for (CSVRecord record : parser) {
        checkWidth(record, schema.size(), source);
        for (int i = 0; i < schema.size(); i++) {
          text[i] = record.get(i);
          row[i] = parse(text[i], schema.get(i), record, source);
        }
        printer.printRecord((Object[]) text);
        rows++;
      }
      printer.flush();
      return rows;
    } catch (IOException | UncheckedIOException e) {
      throw malformedCsv(source, e);
    }
  }

  /** Reads canonical table text and hands each typed row to {@code sink}. Returns the number of rows. */
  public static long read(Reader csv, String source, List<ColumnSchema> schema, RowSink sink) {
    try (CSVParser parser = CSVParser.parse(csv, READ)) {
      checkHeader(header(parser, source), schema, source);
      long rows = 0;
      for (CSVRecord record : parser) {
        checkWidth(record, schema.size(), source);
        Object[] row = new Object[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
          row[i] = parse(record.get(i), schema.get(i), record, source);
        }
        sink.row(row);
        rows++;
      }
      return rows;
    } catch (IOException | UncheckedIOException e) {
      throw malformedCsv(source, e);
    }
  }

  /** Parses one cell as {@code type}; null for an empty cell. */
  public static Object value(String text, ColumnType type) {
    if (text.isEmpty()) {
      return null;
    }
    switch (type) {
      case BIGINT:
        return Long.parseLong(text);
      case DOUBLE: {
        double value = Double.parseDouble(text);
        if (Double.isNaN(value) || Double.isInfinite(value)) {
          throw new NumberFormatException("not a finite number");
        }
        return value;
      }
      case BOOLEAN: {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
          throw new IllegalArgumentException("not true or false");
        }
        return Boolean.valueOf(lower);
      }
      case DATE:
        return LocalDate.parse(text);
      case VARCHAR:
        return text;
    }
    throw new IllegalArgumentException("unknown type " + type);
  }

  private static Object parse(String text, ColumnSchema column, CSVRecord record, String source) {
    try {
      return value(text, column.type());
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw CleanroomException.invalid(source + " row " + record.getRecordNumber() + " (line " + record.getParser().getCurrentLineNumber()
          + "), column '" + column.name() + "': '" + abbreviate(text) + "' is not a " + column.type()
          + (column.type() == ColumnType.DATE ? " (use YYYY-MM-DD)" : ""));
    }
  }

  private static ColumnType widen(ColumnType current, String text) {
    if (text.isEmpty() || current == ColumnType.VARCHAR) {
      return current;
    }
    ColumnType fits = narrowest(text);
    if (current == null || current == fits) {
      return fits;
    }
    if ((current == ColumnType.BIGINT && fits == ColumnType.DOUBLE) || (current == ColumnType.DOUBLE && fits == ColumnType.BIGINT)) {
      return ColumnType.DOUBLE;
    }
    return ColumnType.VARCHAR;
  }

  private static ColumnType narrowest(String text) {
    for (ColumnType type : List.of(ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.DATE)) {
      try {
        value(text, type);
        return type;
      } catch (IllegalArgumentException | DateTimeParseException e) {
        // try the next, wider type
      }
    }
    return ColumnType.VARCHAR;
  }

  private static List<String> header(CSVParser parser, String source) {
    List<String> names = parser.getHeaderNames();
    if (names == null || names.isEmpty()) {
      throw CleanroomException.invalid(source + " has no header row: the first line must name the columns");
    }
    return names;
  }

  private static void checkHeader(List<String> names, List<ColumnSchema> schema, String source) {
    List<String> expected = schema.stream().map(ColumnSchema::name).toList();
    if (!names.equals(expected)) {
      throw CleanroomException.invalid(source + " does not match the schema: header is " + names + ", schema expects " + expected);
    }
  }

  private static void checkWidth(CSVRecord record, int width, String source) {
    if (record.size() != width) {
      throw CleanroomException.invalid(source + " row " + record.getRecordNumber() + " (line "
          + record.getParser().getCurrentLineNumber() + ") has " + record.size() + " values; the header has " + width + " columns");
    }
  }

  private static ColumnSchema columnSchema(String name, ColumnType type, String source) {
    try {
      return new ColumnSchema(name, type);
    } catch (CleanroomException e) {
      throw CleanroomException.invalid(source + " header: " + e.getMessage());
    }
  }

  private static CleanroomException malformedCsv(String source, Exception e) {
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    return new CleanroomException(dev.cleanroom.core.ErrorCode.INVALID_ARGUMENT,
        source + " is not valid CSV: " + cause.getMessage(), cause);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
