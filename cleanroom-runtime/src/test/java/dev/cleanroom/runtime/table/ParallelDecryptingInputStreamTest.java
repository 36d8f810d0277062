package dev.cleanroom.runtime.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.DatasetIntegrityException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelDecryptingInputStreamTest {
  private static final String DATASET = "room/table@1";
  private static final int FIRST = DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE;
  private static final int LATER = DatasetCipher.PLAINTEXT_SEGMENT_SIZE;

  private final DataKey key = DataKey.generate(new SecureRandom());
  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void read_sizesAroundChunkBoundaries_samePlaintextAsTheSequentialStream() throws IOException {
    for (int size : new int[] {0, 1, FIRST - 1, FIRST, FIRST + 1, FIRST + LATER, FIRST + 3 * LATER + 17}) {
      byte[] plaintext = randomBytes(size);
      byte[] ciphertext = encrypt(plaintext);

      assertThat(readAll(ciphertext, 2)).as("%d bytes", size).isEqualTo(plaintext);
    }
  }

  @Test
  void read_truncatedAtChunkBoundary_failsAuthentication() throws IOException {
    byte[] ciphertext = encrypt(randomBytes(FIRST + 2 * LATER + 5));
    byte[] cut = Arrays.copyOf(ciphertext, 2 * DatasetCipher.CIPHERTEXT_SEGMENT_SIZE);

    assertThatThrownBy(() -> readAll(cut, 2)).isInstanceOf(DatasetIntegrityException.class);
  }

  @Test
  void read_chunksSwapped_failsAuthentication() throws IOException {
    byte[] ciphertext = encrypt(randomBytes(FIRST + 3 * LATER));
    int size = DatasetCipher.CIPHERTEXT_SEGMENT_SIZE;
    byte[] swapped = ciphertext.clone();
    System.arraycopy(ciphertext, size, swapped, 2 * size, size);
    System.arraycopy(ciphertext, 2 * size, swapped, size, size);

    assertThatThrownBy(() -> readAll(swapped, 3)).isInstanceOf(DatasetIntegrityException.class);
  }

  @Test
  void read_bitFlippedInLastChunk_failsAuthentication() throws IOException {
    byte[] ciphertext = encrypt(randomBytes(FIRST + LATER + 100));
    ciphertext[ciphertext.length - 20] ^= 1;

    assertThatThrownBy(() -> readAll(ciphertext, 2)).isInstanceOf(DatasetIntegrityException.class);
  }

  @Test
  void open_notADatasetFile_refusedBeforeReading() {
    assertThatThrownBy(() -> new ParallelDecryptingInputStream(key, DATASET,
        new ByteArrayInputStream(new byte[] {1, 2, 3}), pool, 2)).isInstanceOf(DatasetIntegrityException.class);
  }

  @Test
  void read_wrongDatasetId_failsAuthentication() throws IOException {
    byte[] ciphertext = encrypt(randomBytes(1000));

    assertThatThrownBy(() -> {
      try (InputStream in = new ParallelDecryptingInputStream(key, "room/other@1", new ByteArrayInputStream(ciphertext),
          pool, 2)) {
        in.readAllBytes();
      }
    }).isInstanceOf(DatasetIntegrityException.class);
  }

  private byte[] readAll(byte[] ciphertext, int ahead) throws IOException {
    try (InputStream in = new ParallelDecryptingInputStream(key, DATASET, new ByteArrayInputStream(ciphertext), pool,
        ahead)) {
      return in.readAllBytes();
    }
  }

  private byte[] encrypt(byte[] plaintext) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DatasetCipher.encrypt(key, DATASET, new ByteArrayInputStream(plaintext), out);
    return out.toByteArray();
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
