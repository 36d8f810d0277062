package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.ColumnBatch;
import dev.cleanroom.core.engine.TableLoader;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads one table on a connection of its own, inside one transaction: one {@code INSERT ... SELECT} reads an Arrow
 * stream ({@link ArrowBatchReader}) that this loader feeds with column batches, into a staging table that no other
 * connection sees until {@link #finish} commits it and renames it over the target. DuckDB converts the Arrow
 * vectors with its own vectorised scan on its worker threads, instead of one appender call per value. Closing
 * without finishing makes the scan fail and rolls the transaction back, so nothing of an abandoned load remains.
 *
 * <p>Fed by one thread; its methods are synchronised only so that the engine may abort it while closing.
 */
final class DuckDbTableLoader implements TableLoader {
  private static final Logger LOG = LoggerFactory.getLogger(DuckDbTableLoader.class);
  /** Rows gathered from {@link #row} calls before they go to DuckDB as one batch. */
  private static final int ROWS_PER_BATCH = 16_384;
  /** Batches waiting for DuckDB's scan; the feeding thread waits when this many are queued. */
  private static final int QUEUED_BATCHES = 4;

  private final DuckDbEngine engine;
  private final String table;
  private final String stagingTable;
  private final List<ColumnSchema> schema;
  private final DuckDBConnection connection;
  private BufferAllocator allocator;
  private ArrowBatchReader reader;
  private ArrowArrayStream stream;
  private Thread insert;
  private volatile boolean inserting;
  private volatile SQLException insertFailure;
  private volatile long inserted = -1;
  private volatile boolean abandoned;
  private ColumnBatch pending;
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

  /** Opens the transaction, creates the staging table and starts the statement that reads the batches. */
  void start() {
    try {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE " + DuckDbEngine.quote(stagingTable) + " (" + columnDefinitions() + ")");
      }
      String source = stagingTable + "_source";
      openStream();
      // A temporary view on this connection only; the statement guard refuses the staging prefix anyway.
      connection.registerArrowStream(source, stream);
      inserting = true;
      insert = new Thread(() -> insertAll(source), "cleanroom-load-" + table);
      insert.setDaemon(true);
      insert.start();
    } catch (SQLException e) {
      abort();
      throw SqlErrors.load(table, "creating its staging table", e);
    } catch (RuntimeException | LinkageError e) {
      abort();
      throw ArrowSupport.unavailable("table '" + table + "' cannot be loaded", e);
    }
  }

  private void openStream() {
    allocator = new RootAllocator();
    reader = new ArrowBatchReader(allocator, schema, QUEUED_BATCHES);
    stream = ArrowArrayStream.allocateNew(allocator);
    Data.exportArrayStream(allocator, reader, stream);
  }

  private void insertAll(String source) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO " + DuckDbEngine.quote(stagingTable) + " SELECT * FROM " + DuckDbEngine.quote(source));
      inserted = statement.getUpdateCount();
    } catch (SQLException e) {
      insertFailure = e;
    } finally {
      inserting = false;
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
    // Check the whole row before adding any of it, so that a refused row leaves the batch consistent.
    for (int index = 0; index < values.length; index++) {
      BoxedValues.check(table, schema.get(index), values[index]);
    }
    if (pending == null) {
      pending = new ColumnBatch(schema, ROWS_PER_BATCH);
    }
    BoxedValues.add(pending, values);
    if (pending.rowCount() >= ROWS_PER_BATCH) {
      sendPending();
    }
  }

  @Override
  public synchronized void batch(ColumnBatch batch) {
    requireOpen();
    if (!batch.schema().equals(schema)) {
      throw CleanroomException.invalid("table '" + table + "': a batch has columns " + batch.schema()
          + ", the table has " + schema);
    }
    sendPending();
    send(batch);
  }

  private void sendPending() {
    if (pending != null && pending.rowCount() > 0) {
      ColumnBatch full = pending;
      pending = null;
      send(full);
    }
  }

  private void send(ColumnBatch batch) {
    if (batch.rowCount() == 0) {
      return;
    }
    boolean taken;
    try {
      taken = reader.put(batch, () -> inserting && !abandoned);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new CleanroomException(ErrorCode.INTERNAL, "the load of table '" + table + "' was interrupted");
    }
    if (!taken) {
      abort();
      throw failure("loading row " + (rows + 1));
    }
    rows += batch.rowCount();
  }

  @Override
  public synchronized long finish() {
    requireOpen();
    try {
      sendPending();
      reader.end();
      insert.join();
      if (insertFailure != null) {
        throw failure("loading its rows");
      }
      if (inserted != rows) {
        throw new CleanroomException(ErrorCode.INTERNAL, "table '" + table + "': " + rows + " rows were given and "
            + inserted + " stored");
      }
      engine.publish(connection, table, stagingTable);
      done = true;
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CleanroomException(ErrorCode.INTERNAL, "the load of table '" + table + "' was interrupted");
    } catch (SQLException e) {
      throw SqlErrors.load(table, "making it visible", e);
    } finally {
      if (!done) {
        abort();
      }
      engine.forget(this);
      closeConnection();
      releaseArrow();
    }
  }

  private CleanroomException failure(String step) {
    SQLException cause = insertFailure;
    if (cause == null) {
      return new CleanroomException(ErrorCode.INTERNAL, "table '" + table + "': the load stopped while " + step);
    }
    return SqlErrors.load(table, step, cause);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (done) {
        return;
      }
    }
    abort();
    engine.forget(this);
  }

  /**
   * Rolls back the load and releases its connection; safe to call more than once and from another thread than
   * the one feeding the load (the feeding thread stops waiting for the scan first).
   */
  void abort() {
    abandoned = true;
    if (reader != null) {
      reader.abandon();
    }
    synchronized (this) {
      if (done) {
        return;
      }
      done = true;
      pending = null;
      if (insert != null) {
        try {
          insert.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        connection.rollback();
      } catch (SQLException e) {
        // Closing the connection discards the open transaction as well.
      }
      closeConnection();
      releaseArrow();
    }
  }

  private void closeConnection() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Nothing more to release.
    }
  }

  /** Frees the Arrow stream and its memory once DuckDB no longer reads it (its connection is closed). */
  private void releaseArrow() {
    try {
      if (stream != null) {
        stream.release();
        stream.close();
      }
      if (reader != null) {
        reader.close();
      }
      if (allocator != null) {
        allocator.close();
      }
    } catch (Exception e) {
      LOG.warn("releasing the Arrow memory of a load of table {} failed: {}", table, e.getClass().getSimpleName());
    } finally {
      stream = null;
      reader = null;
      allocator = null;
    }
  }

  private void requireOpen() {
    if (done) {
      throw new CleanroomException(ErrorCode.CONFLICT, "the load of table '" + table + "' is already finished or abandoned");
    }
  }
}
