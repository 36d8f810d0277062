package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.PartyKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {
  @TempDir Path directory;

  @Test
  void create_writesPrivateFileOwnerOnly_andReadsBack() throws Exception {
    PartyKeys keys = PartyKeys.generate(PartyId.of("bank"), new SecureRandom());
    KeyFiles.Written written = KeyFiles.create(keys, directory);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written.keyFile()))).isEqualTo("rw-------");
    PartyKeys read = KeyFiles.readKeys(written.keyFile());
    assertThat(read.identity()).isEqualTo(keys.identity());
    assertThat(KeyFiles.readIdentity(written.publicFile())).isEqualTo(keys.identity());
    assertThat(Files.readString(written.publicFile())).doesNotContain("private");
  }

  @Test
  void create_existingKey_refusedAndOriginalKept() throws Exception {
    PartyKeys first = PartyKeys.generate(PartyId.of("bank"), new SecureRandom());
    KeyFiles.Written written = KeyFiles.create(first, directory);
    String original = Files.readString(written.keyFile());
    PartyKeys second = PartyKeys.generate(PartyId.of("bank"), new SecureRandom());
    assertThatThrownBy(() -> KeyFiles.create(second, directory))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
        .hasMessageContaining("refusing to overwrite");
    assertThat(Files.readString(written.keyFile())).isEqualTo(original);
  }

  @Test
  void readKeys_publicFileGiven_clearError() {
    PartyKeys keys = PartyKeys.generate(PartyId.of("bank"), new SecureRandom());
    KeyFiles.Written written = KeyFiles.create(keys, directory);
    assertThatThrownBy(() -> KeyFiles.readKeys(written.publicFile()))
        .isInstanceOf(CleanroomException.class).hasMessageContaining("bank.pub");
  }

  @Test
  void readKeys_truncatedFile_malformed() throws Exception {
    PartyKeys keys = PartyKeys.generate(PartyId.of("bank"), new SecureRandom());
    KeyFiles.Written written = KeyFiles.create(keys, directory);
    String text = Files.readString(written.keyFile());
    Files.writeString(written.keyFile(), text.substring(0, text.length() / 2));
    assertThatThrownBy(() -> KeyFiles.readKeys(written.keyFile()))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT))
        .hasMessageContaining("not valid JSON");
  }
}
