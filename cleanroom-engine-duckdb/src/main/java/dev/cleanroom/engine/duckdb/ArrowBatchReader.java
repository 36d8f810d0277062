package dev.cleanroom.engine.duckdb;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.ColumnBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow stream that DuckDB pulls batches from while a loader pushes them in: a bounded hand-over queue between
 * the thread that decodes a table and DuckDB's scan of the stream. Each {@link ColumnBatch} becomes one Arrow
 * record batch, copied column by column into off-heap Arrow vectors (plaintext stays in memory).
 *
 * <p>{@link #put} blocks while the queue is full, which bounds the memory a load holds; {@link #end} lets the scan
 * finish; {@link #abandon} makes the scan fail, so the statement reading the stream fails and its transaction can
 * be rolled back.
 */
final class ArrowBatchReader extends ArrowReader {
  private static final Object END = new Object();
  private static final Object ABANDON = new Object();
  private static final long WAIT_MILLIS = 50;

  private final List<ColumnSchema> schema;
  private final BlockingQueue<Object> queue;
  private volatile boolean abandoned;

  ArrowBatchReader(BufferAllocator allocator, List<ColumnSchema> schema, int capacity) {
    super(allocator);
    this.schema = List.copyOf(schema);
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Hands {@code batch} to the scan, waiting for room; returns false without handing it over if {@code stillRunning}
   * turns false while waiting (the scan stopped, so nothing would take it).
   */
  boolean put(ColumnBatch batch, java.util.function.BooleanSupplier stillRunning) throws InterruptedException {
    do {
      if (abandoned || !stillRunning.getAsBoolean()) {
        return false;
      }
    } while (!queue.offer(batch, WAIT_MILLIS, TimeUnit.MILLISECONDS));
    return true;
  }

  /** No more batches: the scan ends after the ones queued. */
  void end() throws InterruptedException {
    queue.put(END);
  }

  /** Drops the batches not yet scanned and makes the scan fail at its next batch. */
  void abandon() {
    // The flag, not the marker, is what stops both sides: a feeder racing this call may refill the queue before the
    // marker fits, and the scan checks the flag each time it waits.
    abandoned = true;
    queue.clear();
    queue.offer(ABANDON);
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    Object next;
    try {
      do {
        if (abandoned) {
          throw new IOException("the load was abandoned");
        }
        next = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
      } while (next == null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("the load was interrupted", e);
    }
    if (next == END) {
      queue.offer(END);
      return false;
    }
    if (next == ABANDON) {
      queue.offer(ABANDON);
      throw new IOException("the load was abandoned");
    }
    fill(getVectorSchemaRoot(), (ColumnBatch) next);
    return true;
  }

  private void fill(VectorSchemaRoot root, ColumnBatch batch) {
    int rows = batch.rowCount();
    for (int column = 0; column < schema.size(); column++) {
      FieldVector vector = root.getVector(column);
      boolean[] nulls = batch.nulls(column);
      switch (schema.get(column).type()) {
        case BIGINT -> {
          BigIntVector longs = (BigIntVector) vector;
          longs.allocateNew(rows);
          for (int row = 0; row < rows; row++) {
            if (!nulls[row]) {
              longs.set(row, batch.longValue(column, row));
            }
          }
        }
        case DOUBLE -> {
          Float8Vector doubles = (Float8Vector) vector;
          doubles.allocateNew(rows);
          for (int row = 0; row < rows; row++) {
            if (!nulls[row]) {
              doubles.set(row, batch.doubleValue(column, row));
            }
          }
        }
        case BOOLEAN -> {
          BitVector booleans = (BitVector) vector;
          booleans.allocateNew(rows);
          for (int row = 0; row < rows; row++) {
            if (!nulls[row]) {
              booleans.set(row, batch.booleanValue(column, row) ? 1 : 0);
            }
          }
        }
        case DATE -> {
          DateDayVector dates = (DateDayVector) vector;
          dates.allocateNew(rows);
          for (int row = 0; row < rows; row++) {
            if (!nulls[row]) {
              dates.set(row, batch.epochDay(column, row));
            }
          }
        }
        case VARCHAR -> fillText((VarCharVector) vector, batch, column, nulls, rows);
      }
      vector.setValueCount(rows);
    }
    root.setRowCount(rows);
  }

  /** Copies the batch's bytes and offsets in bulk: they already have Arrow's layout. */
  private static void fillText(VarCharVector text, ColumnBatch batch, int column, boolean[] nulls, int rows) {
    int[] offsets = batch.utf8Offsets(column);
    int totalBytes = offsets[rows];
    text.allocateNew(Math.max(1, totalBytes), rows);
    ArrowBuf data = text.getDataBuffer();
    data.setBytes(0, batch.utf8Bytes(column), 0, totalBytes);
    ArrowBuf offsetBuffer = text.getOffsetBuffer();
    for (int row = 0; row <= rows; row++) {
      offsetBuffer.setInt((long) row * VarCharVector.OFFSET_WIDTH, offsets[row]);
    }
    ArrowBuf validity = text.getValidityBuffer();
    for (int row = 0; row < rows; row++) {
      if (!nulls[row]) {
        BitVectorHelper.setBit(validity, row);
      }
    }
    // Without this, setValueCount would take the offsets as unset and overwrite them.
    text.setLastSet(rows - 1);
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    queue.clear();
  }

  @Override
  protected Schema readSchema() {
    List<Field> fields = new ArrayList<>();
    for (ColumnSchema column : schema) {
      ArrowType type = switch (column.type()) {
        case BIGINT -> new ArrowType.Int(64, true);
        case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        case BOOLEAN -> new ArrowType.Bool();
        case DATE -> new ArrowType.Date(DateUnit.DAY);
        case VARCHAR -> new ArrowType.Utf8();
      };
      fields.add(Field.nullable(column.name(), type));
    }
    return new Schema(fields);
  }
}
