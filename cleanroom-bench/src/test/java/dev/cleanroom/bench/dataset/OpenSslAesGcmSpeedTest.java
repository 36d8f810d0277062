package dev.cleanroom.bench.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OpenSslAesGcmSpeedTest {
  /** Standard output of {@code openssl speed -evp aes-256-gcm -bytes 16384 -seconds 1}, 3.0. */
  private static final String OPENSSL_3 = ""
      + "version: 3.0.19\n"
      + "built on: Fri Apr  3 12:29:32 2026 UTC\n"
      + "options: bn(64,64)\n"
      + "compiler: gcc -fPIC -pthread -m64 -Wa,--noexecstack -Wall -O2 -DNDEBUG\n"
      + "CPUINFO: OPENSSL_ia32cap=0xfed83203178bffff:0x18005f42f1bb03a9\n"
      + "The 'numbers' are in 1000s of bytes per second processed.\n"
      + "type          16384 bytes\n"
      + "AES-256-GCM    4083427.44k\n";

  @Test
  void parse_openssl3Output_readsVersionBlockAndBytesPerSecond() throws IOException {
    OpenSslAesGcmSpeed speed = OpenSslAesGcmSpeed.parse(OPENSSL_3);

    assertThat(speed.version()).isEqualTo("3.0.19");
    assertThat(speed.blockBytes()).isEqualTo(16_384);
    assertThat(speed.bytesPerSecond()).isCloseTo(4_083_427_440.0, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void parse_windowsLineEnds_readsRate() throws IOException {
    OpenSslAesGcmSpeed speed = OpenSslAesGcmSpeed.parse(OPENSSL_3.replace("\n", "\r\n"));

    assertThat(speed.bytesPerSecond()).isGreaterThan(4e9);
  }

  @Test
  void parse_noRateRow_throws() {
    String output = OPENSSL_3.substring(0, OPENSSL_3.indexOf("AES-256-GCM"));

    assertThatThrownBy(() -> OpenSslAesGcmSpeed.parse(output))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("found 1 and 0");
  }

  @Test
  void parse_severalBlockSizes_throws() {
    String output = OPENSSL_3.replace("type          16384 bytes",
        "type             16 bytes     64 bytes")
        .replace("AES-256-GCM    4083427.44k", "AES-256-GCM    400000.00k   900000.00k");

    assertThatThrownBy(() -> OpenSslAesGcmSpeed.parse(output)).isInstanceOf(IOException.class);
  }
}
