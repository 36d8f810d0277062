package dev.cleanroom.runtime.table;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.engine.ColumnBatch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Reads table text into typed column batches, parsing blocks of records on several threads while the calling
 * thread reads the stream (and so decrypts and hashes it) and hands the batches on in their original order. Every
 * row and every value is checked as {@code TableCsv.read} checks them, and a problem is reported with the table's
 * row number, line and column, the first one in the text if several blocks fail.
 *
 * <p>Memory stays bounded whatever the table's size: a few blocks of about {@link #BLOCK_BYTES} each are in flight
 * at a time. Nothing is written anywhere but to the sink.
 */
public final class ParallelTableReader {
  /** Bytes of text per block, about one ciphertext segment. */
  static final int BLOCK_BYTES = 1 << 20;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String source;
  private final List<ColumnSchema> schema;
  private final int threads;
  private final int blockBytes;

  /**
   * @param source names the table in errors, e.g. {@code dataset 'customers'}
   * @param threads parsing threads, at least 1
   */
  public ParallelTableReader(String source, List<ColumnSchema> schema, int threads) {
    this(source, schema, threads, BLOCK_BYTES);
  }

  /** With blocks of about {@code blockBytes}; tests use small ones to put many block boundaries in a small table. */
  ParallelTableReader(String source, List<ColumnSchema> schema, int threads, int blockBytes) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1");
    }
    if (blockBytes < 1) {
      throw new IllegalArgumentException("blockBytes must be at least 1");
    }
    this.source = source;
    this.schema = List.copyOf(schema);
    this.threads = threads;
    this.blockBytes = blockBytes;
  }

  /**
   * Reads all of {@code text} (its header first) and hands every row to {@code sink}, in order, in batches.
   * Returns the number of rows. Throws an INVALID_ARGUMENT {@link CleanroomException} naming the row and column of
   * the first bad value; the sink may have received earlier batches by then, so a caller discards them on failure.
   */
  public long read(InputStream text, Consumer<ColumnBatch> sink) throws IOException {
    RecordBlocks blocks = new RecordBlocks(text, blockBytes);
    RecordBlocks.Block first = blocks.next();
    if (first == null) {
      throw CleanroomException.invalid(source + " has no header row: the first line must name the columns");
    }
    TableTextParser headerParser = new TableTextParser(schema);
    TableTextParser.Header header;
    try {
      header = headerParser.header(first.bytes(), first.length());
    } catch (TableTextException e) {
      throw CleanroomException.invalid(source + " header: " + e.getMessage());
    }
    List<String> expected = schema.stream().map(ColumnSchema::name).toList();
    if (!header.names().equals(expected)) {
      throw CleanroomException.invalid(source + " does not match the schema: header is " + header.names()
          + ", schema expects " + expected);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
      Thread thread = new Thread(task, "cleanroom-parse-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    ThreadLocal<TableTextParser> parsers = ThreadLocal.withInitial(() -> new TableTextParser(schema));
    Progress progress = new Progress();
    Deque<Future<TableTextParser.Parsed>> inFlight = new ArrayDeque<>();
    try {
      int headerEnd = header.end();
      RecordBlocks.Block block = first;
      while (block != null) {
        RecordBlocks.Block current = block;
        int from = headerEnd;
        inFlight.add(pool.submit(() -> parsers.get().parse(current.bytes(), from, current.length())));
        headerEnd = 0;
        if (inFlight.size() >= threads * 2) {
          progress.take(inFlight.removeFirst(), sink);
        }
        block = blocks.next();
      }
      while (!inFlight.isEmpty()) {
        progress.take(inFlight.removeFirst(), sink);
      }
      return progress.rows;
    } finally {
      pool.shutdownNow();
    }
  }

  /** Rows and lines handed on so far: what turns a block's own row numbers into the table's. */
  private final class Progress {
    private long rows;
    // The header's line break comes first.
    private long lines = 1;

    void take(Future<TableTextParser.Parsed> future, Consumer<ColumnBatch> sink) throws IOException {
      TableTextParser.Parsed parsed;
      try {
        parsed = future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CleanroomException(ErrorCode.INTERNAL, source + ": reading was interrupted");
      } catch (ExecutionException e) {
        throw translate(e.getCause());
      }
      sink.accept(parsed.batch());
      rows += parsed.batch().rowCount();
      lines += parsed.lines();
    }

    private RuntimeException translate(Throwable cause) {
      if (cause instanceof TableTextException problem) {
        String where = source + " row " + (rows + problem.rowInBlock()) + " (line "
            + (lines + problem.linesBefore() + 1) + ")";
        if (problem.column() < 0) {
          return CleanroomException.invalid(where + " " + problem.getMessage());
        }
        return CleanroomException.invalid(where + ", column '" + schema.get(problem.column()).name() + "': "
            + problem.getMessage());
      }
      if (cause instanceof RuntimeException runtime) {
        return runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      return new CleanroomException(ErrorCode.INTERNAL, source + " could not be parsed", cause);
    }
  }
}
