package dev.cleanroom.client;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.ResultDocument;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes an opened result as CSV, JSON or Parquet on the recipient's machine. */
public final class ResultFiles {
  private ResultFiles() {}

  public static void write(ResultDocument document, Path out, String format) {
    try {
      switch (format.toLowerCase(Locale.ROOT)) {
        case "csv":
          writeCsv(document.table(), out);
          return;
        case "json":
          Files.write(out, Json.pretty(Json.parse(document.toBytes(), "result")).getBytes(StandardCharsets.UTF_8));
          return;
        case "parquet":
          writeParquet(document.table(), out);
          return;
        default:
          throw CleanroomException.invalid("result format '" + format + "' is not csv, json or parquet");
      }
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private static void writeCsv(ResultTable table, Path out) throws IOException {
    try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setRecordSeparator('\n').get())) {
      printer.printRecord(table.columns().stream().map(ResultTable.Column::name).toList());
      for (List<Object> row : table.rows()) {
        printer.printRecord(row.stream().map(v -> v == null ? "" : v.toString()).toList());
      }
    }
  }

  private static void writeParquet(ResultTable table, Path out) throws IOException {
    Files.deleteIfExists(out);
    StringBuilder create = new StringBuilder("CREATE TABLE result (");
    for (int i = 0; i < table.columns().size(); i++) {
      ResultTable.Column column = table.columns().get(i);
      create.append(i == 0 ? "" : ", ").append('"').append(column.name().replace("\"", "\"\"")).append("\" ")
          .append(column.type().name());
    }
    create.append(')');
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(create.toString());
      String placeholders = String.join(", ", java.util.Collections.nCopies(table.columns().size(), "?"));
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO result VALUES (" + placeholders + ")")) {
        for (List<Object> row : table.rows()) {
          for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            insert.setObject(i + 1, value instanceof java.time.LocalDate date ? java.sql.Date.valueOf(date) : value);
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
      statement.execute("COPY result TO '" + out.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT PARQUET)");
    } catch (SQLException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot write Parquet " + out + ": " + e.getMessage(), e);
    }
  }
}
