package dev.cleanroom.engine.spark;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ColumnBatch;
import dev.cleanroom.crypto.SecretBytes;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.DatasetIntegrityException;
import dev.cleanroom.crypto.dataset.DatasetSegmentDecrypter;
import dev.cleanroom.runtime.EncryptedTableScan;
import dev.cleanroom.runtime.table.TableText;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The executor's side of reading an encrypted dataset: one task per chunk in which a record begins. The task
 * opens the stored file, decrypts its chunk (and, for a record that runs on, the following chunks as far as the
 * next chunk's first record), authenticates each with its index and last-chunk flag, parses the records and
 * returns typed rows. Plaintext lives only in the task's buffers and in what Spark caches in memory.
 *
 * <p>Serialised into every task: it carries the data key, which is why executors must be attested runtimes too and
 * why Spark's RPC runs authenticated and encrypted (docs/engines.md).
 */
final class ChunkReader implements FlatMapFunction<Iterator<Integer>, Row>, Serializable {
  private static final long serialVersionUID = 1L;

  private final String table;
  private final String datasetId;
  private final byte[] key;
  private final String file;
  private final long ciphertextBytes;
  private final long plaintextBytes;
  private final long[] recordStarts;
  private final String[] columnNames;
  private final ColumnType[] columnTypes;

  ChunkReader(EncryptedTableScan scan) {
    this.table = scan.table();
    this.datasetId = scan.datasetId();
    SecretBytes secret = scan.key().exportBytes();
    this.key = secret.toByteArray();
    secret.destroy();
    this.file = scan.ciphertext().toString();
    this.ciphertextBytes = scan.ciphertextBytes();
    this.plaintextBytes = scan.plaintextBytes();
    this.recordStarts = scan.recordStarts();
    this.columnNames = scan.schema().stream().map(ColumnSchema::name).toArray(String[]::new);
    this.columnTypes = scan.schema().stream().map(ColumnSchema::type).toArray(ColumnType[]::new);
  }

  /** The chunks in which a record begins: one task each. */
  static List<Integer> chunksWithRecords(long[] recordStarts) {
    List<Integer> chunks = new ArrayList<>();
    for (int chunk = 0; chunk < recordStarts.length; chunk++) {
      if (recordStarts[chunk] >= 0) {
        chunks.add(chunk);
      }
    }
    return chunks;
  }

  @Override
  public Iterator<Row> call(Iterator<Integer> chunks) {
    List<Row> rows = new ArrayList<>();
    while (chunks.hasNext()) {
      ColumnBatch batch = read(chunks.next());
      for (int row = 0; row < batch.rowCount(); row++) {
        rows.add(RowFactory.create(batch.row(row)));
      }
    }
    return rows.iterator();
  }

  /** The rows of the records that begin in {@code chunk}. */
  ColumnBatch read(int chunk) {
    long from = recordStarts[chunk];
    long to = plaintextBytes;
    for (int next = chunk + 1; next < recordStarts.length; next++) {
      if (recordStarts[next] >= 0) {
        to = recordStarts[next];
        break;
      }
    }
    if (from < 0 || to < from || to - from > Integer.MAX_VALUE - 64) {
      throw CleanroomException.invalid("dataset '" + table + "': chunk " + chunk + " holds no readable run of records");
    }
    byte[] text = decryptRange(from, to);
    List<ColumnSchema> schema = new ArrayList<>();
    for (int index = 0; index < columnNames.length; index++) {
      schema.add(new ColumnSchema(columnNames[index], columnTypes[index]));
    }
    return TableText.parse("dataset '" + table + "' chunk " + chunk, schema, text, 0, text.length, chunk == 0);
  }

  /** Decrypts plaintext bytes {@code [from, to)} of the table text, chunk by chunk. */
  private byte[] decryptRange(long from, long to) {
    byte[] text = new byte[(int) (to - from)];
    long chunkCount = DatasetSegmentDecrypter.segmentCount(ciphertextBytes);
    SecretBytes secret = SecretBytes.copyOf(key);
    DataKey dataKey = DataKey.fromBytes(secret);
    secret.destroy();
    try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.READ)) {
      if (channel.size() != ciphertextBytes) {
        throw CleanroomException.integrity("dataset '" + table + "': the stored file has " + channel.size()
            + " bytes, its manifest says " + ciphertextBytes);
      }
      ByteBuffer header = ByteBuffer.allocate(DatasetCipher.HEADER_SIZE);
      readFully(channel, header, 0);
      DatasetSegmentDecrypter decrypter = DatasetSegmentDecrypter.open(dataKey, datasetId, header.array());
      ByteBuffer ciphertext = ByteBuffer.allocate(DatasetCipher.CIPHERTEXT_SEGMENT_SIZE);
      ByteBuffer plaintext = ByteBuffer.allocate(DatasetCipher.PLAINTEXT_SEGMENT_SIZE);
      long chunk = chunkOf(from);
      int written = 0;
      while (written < text.length) {
        if (chunk >= chunkCount) {
          throw CleanroomException.integrity("dataset '" + table + "': the text ends before byte " + to);
        }
        ciphertext.clear().limit(DatasetSegmentDecrypter.segmentLength(chunk, ciphertextBytes));
        readFully(channel, ciphertext, DatasetSegmentDecrypter.segmentStart(chunk));
        ciphertext.flip();
        plaintext.clear();
        decrypter.decrypt(chunk, chunk == chunkCount - 1, ciphertext, plaintext);
        long chunkStart = plaintextStart(chunk);
        int skip = (int) Math.max(0, from - chunkStart);
        int take = Math.min(plaintext.position() - skip, text.length - written);
        System.arraycopy(plaintext.array(), skip, text, written, take);
        written += take;
        chunk++;
      }
      Arrays.fill(plaintext.array(), (byte) 0);
      return text;
    } catch (DatasetIntegrityException e) {
      throw e.toCleanroomException();
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "dataset '" + table + "' could not be read from " + file + ": "
          + e.getMessage());
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("the file ends at byte " + at);
      }
      at += read;
    }
  }

  static long plaintextStart(long chunk) {
    return chunk == 0 ? 0 : DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + (chunk - 1) * (long) DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
  }

  static long chunkOf(long plaintextOffset) {
    if (plaintextOffset < DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE) {
      return 0;
    }
    return 1 + (plaintextOffset - DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE) / DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
  }
}
