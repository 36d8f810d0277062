package dev.cleanroom.bench.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OpenSslSpeedTest {
  /** Standard output of {@code openssl speed -seconds 1 ed25519}, OpenSSL 3.0. */
  private static final String OPENSSL_3 = ""
      + "version: 3.0.19\n"
      + "built on: Fri Apr  3 12:29:32 2026 UTC\n"
      + "options: bn(64,64)\n"
      + "compiler: gcc -fPIC -pthread -m64 -Wa,--noexecstack -Wall -O2 -DNDEBUG\n"
      + "CPUINFO: OPENSSL_ia32cap=0xfed83203178bffff:0x18005f42f1bb03a9\n"
      + "                              sign    verify    sign/s verify/s\n"
      + " 253 bits EdDSA (Ed25519)   0.0000s   0.0001s  22791.0   8987.0\n";

  /** The same from OpenSSL 1.1.1, which names itself on the first line. */
  private static final String OPENSSL_1_1 = ""
      + "OpenSSL 1.1.1w  11 Sep 2023\n"
      + "built on: Mon Sep 11 00:00:00 2023 UTC\n"
      + "options:bn(64,64) rc4(16x,int) des(int) aes(partial) idea(int) blowfish(ptr)\n"
      + "                              sign    verify    sign/s verify/s\n"
      + " 253 bits EdDSA (Ed25519)   0.0000s   0.0001s  23310.5   8031.5\n";

  @Test
  void parse_openssl3Output_readsVersionAndRates() throws IOException {
    OpenSslSpeed speed = OpenSslSpeed.parse(OPENSSL_3);

    assertThat(speed.version()).isEqualTo("3.0.19");
    assertThat(speed.signsPerSecond()).isEqualTo(22791.0);
    assertThat(speed.verifiesPerSecond()).isEqualTo(8987.0);
  }

  @Test
  void parse_openssl111Output_readsVersionAndRates() throws IOException {
    OpenSslSpeed speed = OpenSslSpeed.parse(OPENSSL_1_1);

    assertThat(speed.version()).isEqualTo("1.1.1w");
    assertThat(speed.signsPerSecond()).isEqualTo(23310.5);
    assertThat(speed.verifiesPerSecond()).isEqualTo(8031.5);
  }

  @Test
  void parse_windowsLineEnds_readsRates() throws IOException {
    OpenSslSpeed speed = OpenSslSpeed.parse(OPENSSL_3.replace("\n", "\r\n"));

    assertThat(speed.signsPerSecond()).isEqualTo(22791.0);
  }

  @Test
  void faster_twoRuns_takesTheHigherRateOfEach() {
    OpenSslSpeed first = new OpenSslSpeed("3.0.19", 20_000, 9_000);
    OpenSslSpeed second = new OpenSslSpeed("3.0.19", 30_000, 8_000);

    assertThat(OpenSslSpeed.faster(first, second))
        .isEqualTo(new OpenSslSpeed("3.0.19", 30_000, 9_000));
  }

  @Test
  void parse_noEd25519Row_throws() {
    String output = OPENSSL_3.substring(0, OPENSSL_3.indexOf(" 253 bits"));

    assertThatThrownBy(() -> OpenSslSpeed.parse(output))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("found 0");
  }
}
