package dev.cleanroom.client;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.protocol.TableCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A data owner's table file, CSV or Parquet, read on the owner's machine. It gives the table's schema (inferred
 * from the whole file) and writes the canonical table text ({@link TableCsv}) that is then encrypted. Both read the
 * file as a stream, so files larger than memory work.
 */
public abstract class TableSource {
  protected final Path file;

  TableSource(Path file) {
    this.file = file;
  }

  /** Opens {@code file} as {@code format} ({@code csv} or {@code parquet}), or by its extension when null. */
  public static TableSource open(Path file, String format) {
    if (!Files.isRegularFile(file)) {
      throw CleanroomException.invalid("table file " + file + " does not exist or is not a file");
    }
    String chosen = format != null ? format.toLowerCase(Locale.ROOT)
        : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet") ? "parquet" : "csv";
    switch (chosen) {
      case "csv":
        return new Csv(file);
      case "parquet":
        return new Parquet(file);
      default:
        throw CleanroomException.invalid("table format '" + format + "' is not csv or parquet");
    }
  }

  /** The schema inferred from the whole file and its row count. */
  public abstract TableCsv.Inferred inspect();

  /** Writes the canonical table text checked against {@code schema}; returns the number of rows. */
  public abstract long writeCanonical(List<ColumnSchema> schema, Writer out);

  /** Compares a declared schema with the one the file has; a mismatch names the first differing column. */
  public static void requireSame(List<ColumnSchema> declared, List<ColumnSchema> actual, String source) {
    for (int i = 0; i < Math.max(declared.size(), actual.size()); i++) {
      ColumnSchema expected = i < declared.size() ? declared.get(i) : null;
      ColumnSchema found = i < actual.size() ? actual.get(i) : null;
      if (expected == null || found == null || !expected.name().equals(found.name())) {
        throw CleanroomException.invalid(source + " does not match the schema: column " + (i + 1) + " is "
            + (found == null ? "missing" : "'" + found.name() + "'") + ", the schema expects "
            + (expected == null ? "no more columns" : "'" + expected.name() + "'"));
      }
    }
  }

  private static final class Csv extends TableSource {
    Csv(Path file) {
      super(file);
    }

    @Override
    public TableCsv.Inferred inspect() {
      try (BufferedReader reader = reader()) {
        return TableCsv.infer(reader, file.getFileName().toString());
      } catch (IOException e) {
        throw new CleanroomException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    @Override
    public long writeCanonical(List<ColumnSchema> schema, Writer out) {
      try (BufferedReader reader = reader()) {
        return TableCsv.copyChecked(reader, file.getFileName().toString(), schema, out);
      } catch (IOException e) {
        throw new CleanroomException(ErrorCode.IO, "cannot read " + file + ": " + e.getMessage(), e);
      }
    }

    private BufferedReader reader() throws IOException {
      return new BufferedReader(TableCsv.strictUtf8(Files.newInputStream(file)), 1 << 16);
    }
  }

  /** Parquet, read with DuckDB in this process (on the owner's machine; the file is the owner's own). */
  private static final class Parquet extends TableSource {
    Parquet(Path file) {
      super(file);
    }

    private String relation() {
      return "read_parquet('" + file.toAbsolutePath().toString().replace("'", "''") + "')";
    }

    @Override
    public TableCsv.Inferred inspect() {
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          Statement statement = connection.createStatement()) {
        List<ColumnSchema> schema = new ArrayList<>();
        try (ResultSet columns = statement.executeQuery("DESCRIBE SELECT * FROM " + relation())) {
          while (columns.next()) {
            schema.add(column(columns.getString("column_name"), columns.getString("column_type")));
          }
        }
        try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + relation())) {
          count.next();
          return new TableCsv.Inferred(schema, count.getLong(1));
        }
      } catch (SQLException e) {
        throw CleanroomException.invalid(file.getFileName() + " is not a readable Parquet file: " + firstLine(e));
      }
    }

    private ColumnSchema column(String name, String duckdbType) {
      String type = duckdbType.toUpperCase(Locale.ROOT);
      ColumnType mapped;
      if (type.matches("(U?TINYINT|U?SMALLINT|U?INTEGER|BIGINT)")) {
        mapped = ColumnType.BIGINT;
      } else if (type.matches("(DOUBLE|FLOAT|DECIMAL.*)")) {
        mapped = ColumnType.DOUBLE;
      } else if (type.equals("BOOLEAN")) {
        mapped = ColumnType.BOOLEAN;
      } else if (type.equals("DATE")) {
        mapped = ColumnType.DATE;
      } else if (type.equals("VARCHAR")) {
        mapped = ColumnType.VARCHAR;
      } else {
        throw CleanroomException.invalid(file.getFileName() + " column '" + name + "' has Parquet type " + duckdbType
            + ", which is not supported (use integers, floating point, decimal, boolean, date or text)");
      }
      try {
        return new ColumnSchema(name, mapped);
      } catch (CleanroomException e) {
        throw CleanroomException.invalid(file.getFileName() + ": " + e.getMessage());
      }
    }

    @Override
    public long writeCanonical(List<ColumnSchema> schema, Writer out) {
      requireSame(schema, inspect().schema(), file.getFileName().toString());
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT * FROM " + relation());
          CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
        printer.printRecord(schema.stream().map(ColumnSchema::name).toList());
        long count = 0;
        String[] row = new String[schema.size()];
        while (rows.next()) {
          for (int i = 0; i < schema.size(); i++) {
            Object value = rows.getObject(i + 1);
            row[i] = value == null ? "" : text(value, schema.get(i).type());
          }
          printer.printRecord((Object[]) row);
          count++;
        }
        printer.flush();
        return count;
      } catch (SQLException e) {
        throw CleanroomException.invalid(file.getFileName() + " could not be read as Parquet: " + firstLine(e));
      } catch (IOException e) {
        throw new CleanroomException(ErrorCode.IO, "cannot write the table text of " + file + ": " + e.getMessage(), e);
      }
    }

    private static String text(Object value, ColumnType type) {
      if (type == ColumnType.DOUBLE && value instanceof java.math.BigDecimal decimal) {
        return Double.toString(decimal.doubleValue());
      }
      return value.toString();
    }

    private static String firstLine(SQLException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return message.lines().findFirst().orElse(message);
    }
  }
}
