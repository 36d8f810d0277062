package dev.cleanroom.client;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.EncryptionSummary;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.TableCsv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Publishes a data owner's table into a room: reads and checks the file, encrypts it locally under a fresh data key
 * (the plaintext goes from the file through the cipher in memory; only ciphertext is written, to a temporary file),
 * saves the key in the owner's {@link DatasetKeyStore}, uploads the ciphertext and proposes the dataset entry.
 * Nothing is proposed unless the upload completed and the server checked its hash.
 */
public final class DatasetPublisher {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final CleanroomClient client;
  private final DatasetKeyStore keyStore;

  public DatasetPublisher(CleanroomClient client, DatasetKeyStore keyStore) {
    this.client = client;
    this.keyStore = keyStore;
  }

  /** What was published: the proposal, the manifest and the hash of its contract entry. */
  public record Published(CleanroomClient.Submitted proposal, DatasetManifest manifest, String entrySha256) {}

  /** Receives progress: a phase name and bytes done of a total. */
  public interface Progress {
    void update(String phase, long done, long total);

    Progress NONE = (phase, done, total) -> { };
  }

  public Published publish(RoomId room, String table, TableSource source, DatasetPolicy policy,
      Optional<List<ColumnSchema>> declaredSchema, Progress progress) {
    TableCsv.Inferred inferred = source.inspect();
    List<ColumnSchema> schema = declaredSchema.orElse(inferred.schema());
    declaredSchema.ifPresent(declared -> TableSource.requireSame(declared, inferred.schema(), "table file"));
    Contract contract = client.verifiedState(room).governance()
        .orElseThrow(() -> CleanroomException.notFound("room '" + room + "' has no contract yet")).contract();
    // Check the policy against the schema and the room before spending time on encryption and upload.
    String datasetId = room.value() + "/" + table + "@" + UUID.randomUUID();
    DatasetManifest draft = new DatasetManifest(table, client.keys().party(), datasetId, DatasetCipher.FORMAT, schema,
        inferred.rows(), 0, 0, "0".repeat(64), policy);
    List<String> problems = draft.problems(contract);
    if (!problems.isEmpty()) {
      throw CleanroomException.invalid(String.join("; ", problems));
    }
    DataKey key = DataKey.generate(RANDOM);
    Path ciphertext = null;
    try {
      ciphertext = Files.createTempFile("cleanroom-upload-", ".enc");
      AtomicLong rows = new AtomicLong();
      EncryptionSummary summary = encrypt(source, schema, key, datasetId, ciphertext, rows);
      DatasetManifest manifest = new DatasetManifest(table, client.keys().party(), datasetId, DatasetCipher.FORMAT,
          schema, rows.get(), summary.plaintextBytes(), summary.ciphertextBytes(), summary.ciphertextSha256(), policy);
      String value = Json.canonical(DatasetCodec.manifest(manifest));
      String entrySha256 = Hashes.sha256Hex(value.getBytes(StandardCharsets.UTF_8));
      keyStore.save(new DatasetKeyStore.Entry(room, table, datasetId, key, entrySha256));
      long total = summary.ciphertextBytes();
      client.uploadBlob(room, ciphertext, summary.ciphertextSha256(), done -> progress.update("upload", done, total));
      Extension extension = new Extension(DatasetManifest.KIND, table, value, Set.of(client.keys().party()));
      CleanroomClient.Submitted submitted = client.propose(room, List.of(new Action.SetExtension(extension)));
      return new Published(submitted, manifest, entrySha256);
    } catch (IOException e) {
      throw new CleanroomException(ErrorCode.IO, "cannot encrypt table '" + table + "': " + e.getMessage(), e);
    } finally {
      if (ciphertext != null) {
        try {
          Files.deleteIfExists(ciphertext);
        } catch (IOException ignored) {
          // a leftover temporary file holds ciphertext only
        }
      }
    }
  }

  /**
   * Streams the canonical table text through the cipher into {@code target}: one thread writes the text into a
   * pipe, this one encrypts from it, so no plaintext is written anywhere.
   */
  private static EncryptionSummary encrypt(TableSource source, List<ColumnSchema> schema, DataKey key, String datasetId,
      Path target, AtomicLong rows) throws IOException {
    PipedInputStream plaintext = new PipedInputStream(1 << 16);
    PipedOutputStream writerEnd = new PipedOutputStream(plaintext);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try (Writer out = new BufferedWriter(new OutputStreamWriter(writerEnd, StandardCharsets.UTF_8), 1 << 16)) {
        rows.set(source.writeCanonical(schema, out));
      } catch (RuntimeException e) {
        failure.set(e);
      } catch (IOException e) {
        failure.compareAndSet(null, new CleanroomException(ErrorCode.IO, "cannot write table text: " + e.getMessage(), e));
      }
    }, "cleanroom-table-reader");
    writer.setDaemon(true);
    writer.start();
    EncryptionSummary summary;
    try (OutputStream out = Files.newOutputStream(target)) {
      summary = DatasetCipher.encrypt(key, datasetId, plaintext, out);
    } catch (IOException e) {
      plaintext.close();
      joinQuietly(writer);
      if (failure.get() != null) {
        throw failure.get();
      }
      throw e;
    }
    plaintext.close();
    joinQuietly(writer);
    if (failure.get() != null) {
      throw failure.get();
    }
    return summary;
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CleanroomException(ErrorCode.IO, "interrupted while encrypting", e);
    }
  }
}
