package dev.cleanroom.bench.query;

import dev.cleanroom.engine.duckdb.DuckDbEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * DuckDB as anyone would use it, the baseline: an in-memory database over JDBC with DuckDB's default
 * settings (every core, its own CSV reader, file access allowed), none of the cleanroom's checks, except
 * that its allocator keeps freed memory as the runtime's engine does ({@link DuckDbEngine#allocatorSettings()}):
 * DuckDB's allocator serves every database of the process, so a baseline that returned its memory after each
 * query would make the engine beside it pay for taking it back, and the comparison would measure the two
 * settings rather than the cleanroom. Not thread-safe.
 */
public final class PlainDuckDb implements AutoCloseable {
  private final Connection connection;

  public PlainDuckDb() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> setting : DuckDbEngine.allocatorSettings().entrySet()) {
        statement.execute("SET " + setting.getKey() + " = '" + setting.getValue() + "'");
      }
    }
  }

  /** {@code CREATE TABLE table AS SELECT * FROM read_csv('file')}, types detected by DuckDB. */
  public void loadCsv(String table, Path file) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE OR REPLACE TABLE " + table + " AS SELECT * FROM read_csv('"
          + file.toAbsolutePath().toString().replace("'", "''") + "')");
    }
  }

  /** Runs {@code sql} and reads every value of every row into Java, as the engine adapter does. */
  public long query(String sql) throws SQLException {
    long values = 0;
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        for (int column = 1; column <= columns; column++) {
          if (result.getObject(column) != null) {
            values++;
          }
        }
      }
    }
    return values;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
