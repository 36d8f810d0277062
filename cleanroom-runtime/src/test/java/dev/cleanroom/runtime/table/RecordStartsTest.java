package dev.cleanroom.runtime.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.crypto.dataset.DatasetCipher;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each chunk's first record begins, with line feeds inside quoted values that must not count. */
class RecordStartsTest {
  @Test
  void perChunk_matchesTheRecordBoundariesOfTheText() throws IOException {
    StringBuilder text = new StringBuilder("id,note\n");
    List<Long> boundaries = new ArrayList<>(List.of(0L));
    for (int row = 0; row < 150_000; row++) {
      boundaries.add((long) text.length());
      text.append(row).append(row % 5 == 0 ? ",\"two\nlines, \"\"quoted\"\"\"\n" : ",plain\n");
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    long chunks = (bytes.length - DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE) / DatasetCipher.PLAINTEXT_SEGMENT_SIZE + 2;

    long[] starts = readAll(bytes, chunks);

    assertThat(starts).hasSize((int) chunks);
    for (int chunk = 0; chunk < chunks; chunk++) {
      long chunkStart = chunk == 0 ? 0
          : DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE + (chunk - 1L) * DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
      long chunkEnd = chunk == 0 ? DatasetCipher.FIRST_PLAINTEXT_SEGMENT_SIZE
          : chunkStart + DatasetCipher.PLAINTEXT_SEGMENT_SIZE;
      long expected = boundaries.stream().filter(b -> b >= chunkStart && b < chunkEnd).findFirst().orElse(-1L);
      assertThat(starts[chunk]).as("chunk " + chunk).isEqualTo(expected);
    }
  }

  @Test
  void perChunk_recordLongerThanAChunk_leavesTheChunkInsideItWithoutAStart() throws IOException {
    String quotedLineFeeds = "\n".repeat(2 * DatasetCipher.PLAINTEXT_SEGMENT_SIZE + 10);
    byte[] bytes = ("id,note\n1,\"" + quotedLineFeeds + "\"\n2,after\n").getBytes(StandardCharsets.US_ASCII);

    long[] starts = readAll(bytes, 3);

    assertThat(starts[0]).isZero();
    assertThat(starts[1]).isEqualTo(-1);
    assertThat(starts[2]).isEqualTo(bytes.length - "2,after\n".length());
  }

  private static long[] readAll(byte[] bytes, long chunks) throws IOException {
    RecordStarts starts = new RecordStarts(new ByteArrayInputStream(bytes));
    try (InputStream in = starts) {
      byte[] buffer = new byte[7_777];
      while (in.read(buffer) >= 0) {
        // reading is what records the starts
      }
    }
    assertThat(starts.length()).isEqualTo(bytes.length);
    return starts.perChunk(chunks);
  }
}
