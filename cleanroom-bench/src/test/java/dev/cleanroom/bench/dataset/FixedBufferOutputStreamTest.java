package dev.cleanroom.bench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class FixedBufferOutputStreamTest {

  @Test
  void write_withinCapacity_fillsTheArrayInOrder() throws IOException {
    byte[] buffer = new byte[4];
    FixedBufferOutputStream out = new FixedBufferOutputStream(buffer);

    out.write(new byte[] {1, 2, 3}, 0, 3);
    out.write(4);

    assertThat(buffer).containsExactly(1, 2, 3, 4);
    assertThat(out.count()).isEqualTo(4);
  }

  @Test
  void write_pastTheEnd_throws() throws IOException {
    FixedBufferOutputStream out = new FixedBufferOutputStream(new byte[2]);
    out.write(1);

    assertThatThrownBy(() -> out.write(new byte[2], 0, 2)).isInstanceOf(IOException.class);
  }

  @Test
  void reset_afterWrites_writesFromTheStartAgain() throws IOException {
    byte[] buffer = new byte[2];
    FixedBufferOutputStream out = new FixedBufferOutputStream(buffer);
    out.write(new byte[] {7, 7}, 0, 2);

    out.reset().write(9);

    assertThat(buffer).containsExactly(9, 7);
    assertThat(out.count()).isEqualTo(1);
  }

  @Test
  void messageCount_partialLastMessage_countsIt() {
    assertThat(CipherPasses.messageCount(0)).isEqualTo(1);
    assertThat(CipherPasses.messageCount(1 << 20)).isEqualTo(1);
    assertThat(CipherPasses.messageCount((1 << 20) + 1)).isEqualTo(2);
  }
}
