package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.TableLoader;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Loads one table through DuckDB's appender on a connection of its own, inside one transaction: the rows go into
 * a staging table that no other connection sees until {@link #finish} commits it and renames it over the target.
 * Closing without finishing rolls the transaction back, so nothing of an abandoned load remains.
 *
 * <p>Fed by one thread; its methods are synchronised only so that the engine may abort it while closing.
 */
final class DuckDbTableLoader implements TableLoader {
  private final DuckDbEngine engine;
  private final String table;
  private final String stagingTable;
  private final List<ColumnSchema> schema;
  private final DuckDBConnection connection;
  private DuckDBAppender appender;
  private long rows;
  private boolean done;

  DuckDbTableLoader(DuckDbEngine engine, DuckDBConnection connection, String table, String stagingTable,
      List<ColumnSchema> schema) {
    this.engine = engine;
    this.connection = connection;
    this.table = table;
    this.stagingTable = stagingTable;
    this.schema = List.copyOf(schema);
  }

  /** Opens the transaction, creates the staging table and the appender. */
  void start() {
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE " + DuckDbEngine.quote(stagingTable) + " (" + columnDefinitions() + ")");
      }
      appender = connection.createAppender(DuckDBConnection.DEFAULT_SCHEMA, stagingTable);
    } catch (SQLException e) {
      abort();
      throw SqlErrors.load(table, "creating its staging table", e);
    }
  }

  private String columnDefinitions() {
    StringBuilder definitions = new StringBuilder();
    for (ColumnSchema column : schema) {
      if (definitions.length() > 0) {
        definitions.append(", ");
      }
      definitions.append(DuckDbEngine.quote(column.name())).append(' ').append(column.type().name());
    }
    return definitions.toString();
  }

  @Override
  public synchronized void row(Object[] values) {
    requireOpen();
    if (values == null || values.length != schema.size()) {
      throw CleanroomException.invalid("table '" + table + "': a row has " + (values == null ? 0 : values.length)
          + " values for " + schema.size() + " columns");
    }
    // Check the whole row before appending any of it: a half-appended row would leave the appender unusable.
    for (int index = 0; index < values.length; index++) {
      checkValue(schema.get(index), values[index]);
    }
    try {
      appender.beginRow();
      for (int index = 0; index < values.length; index++) {
        append(values[index]);
      }
      appender.endRow();
      rows++;
    } catch (SQLException e) {
      abort();
      throw SqlErrors.load(table, "appending row " + (rows + 1), e);
    }
  }

  private void checkValue(ColumnSchema column, Object value) {
    if (value == null) {
      return;
    }
    Class<?> expected = switch (column.type()) {
      case BIGINT -> Long.class;
      case DOUBLE -> Double.class;
      case BOOLEAN -> Boolean.class;
      case DATE -> LocalDate.class;
      case VARCHAR -> String.class;
    };
    if (!expected.isInstance(value)) {
      throw CleanroomException.invalid("table '" + table + "' column '" + column.name() + "' is " + column.type()
          + " and takes " + expected.getSimpleName() + " values, not " + value.getClass().getSimpleName());
    }
  }

  private void append(Object value) throws SQLException {
    if (value == null) {
      appender.appendNull();
    } else if (value instanceof Long) {
      appender.append(((Long) value).longValue());
    } else if (value instanceof Double) {
      appender.append(((Double) value).doubleValue());
    } else if (value instanceof Boolean) {
      appender.append(((Boolean) value).booleanValue());
    } else if (value instanceof LocalDate) {
      appender.append((LocalDate) value);
    } else {
      appender.append((String) value);
    }
  }

  @Override
  public synchronized long finish() {
    requireOpen();
    try {
      appender.close();
      appender = null;
      engine.publish(connection, table, stagingTable);
      done = true;
      return rows;
    } catch (SQLException e) {
      throw SqlErrors.load(table, "making it visible", e);
    } finally {
      if (!done) {
        abort();
      }
      engine.forget(this);
      closeConnection();
    }
  }

  @Override
  public synchronized void close() {
    if (!done) {
      abort();
      engine.forget(this);
    }
  }

  /** Rolls back the load and releases its connection; safe to call more than once. */
  synchronized void abort() {
    if (done) {
      return;
    }
    done = true;
    try {
      if (appender != null) {
        appender.close();
      }
    } catch (SQLException e) {
      // The transaction is rolled back next, whatever the appender managed to flush.
    }
    appender = null;
    try {
      connection.rollback();
    } catch (SQLException e) {
      // Closing the connection discards the open transaction as well.
    }
    closeConnection();
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing more to release.
    }
  }

  private void requireOpen() {
    if (done) {
      throw new CleanroomException(ErrorCode.CONFLICT, "the load of table '" + table + "' is already finished or abandoned");
    }
  }
}
