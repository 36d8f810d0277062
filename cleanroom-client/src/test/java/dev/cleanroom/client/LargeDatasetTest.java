package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table larger than the JVM's whole heap goes through publish (two streaming passes, encryption, upload) and key
 * release (the runtime decrypts and checks every row) in this one JVM. The build runs this class in its own JVM
 * with a small heap ({@code -Xmx128m}); the {@code scale} profile runs it with a 1 GiB table.
 */
class LargeDatasetTest {
  @TempDir Path data;
  @TempDir Path owner;

  @Test
  void publishAndRelease_tableLargerThanHeap_streamsEndToEnd() throws Exception {
    long heap = Runtime.getRuntime().maxMemory();
    long target = Long.getLong("cleanroom.large.bytes", heap + heap / 2);
    Path csv = owner.resolve("customers.csv");
    long rows = write(csv, target);
    assertThat(Files.size(csv)).isGreaterThan(heap);

    try (RoomFixture room = new RoomFixture(data).withActiveRoom()) {
      DatasetKeyStore keys = new DatasetKeyStore(owner.resolve("bank.datasets"));
      DatasetPublisher.Published published = Datasets.publishCustomers(room, csv, keys);
      Datasets.acceptRuntime(room);
      KeyReleaser.Released released = new KeyReleaser(room.bank, keys).release(RoomFixture.ROOM, "customers", false);

      assertThat(published.manifest().rows()).isEqualTo(rows);
      assertThat(published.manifest().plaintextBytes()).isEqualTo(Files.size(csv));
      assertThat(released.reason()).contains("decrypts to " + rows + " rows");
      assertThat(Files.size(data.resolve("rooms/offers/blobs").resolve(published.manifest().ciphertextSha256())))
          .isEqualTo(published.manifest().ciphertextBytes());
    }
  }

  private static long write(Path file, long bytes) throws Exception {
    long rows = 0;
    long written = 0;
    StringBuilder line = new StringBuilder(96);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      String header = "customer_id,email_hash,age_band,region,income,churn_score\n";
      out.write(header);
      written += header.length();
      while (written < bytes) {
        line.setLength(0);
        line.append(1_000_000 + rows).append(",h").append(Long.toHexString(rows * 2_654_435_761L)).append(',')
            .append(rows % 2 == 0 ? "25-34" : "35-44").append(',').append(rows % 3 == 0 ? "EU" : "US").append(',')
            .append(20_000 + rows % 100_000).append(",0.").append(rows % 9973).append('\n');
        out.append(line);
        written += line.length();
        rows++;
      }
    }
    return rows;
  }
}
