package dev.cleanroom.crypto.dataset;

import static dev.cleanroom.crypto.dataset.DatasetFiles.SEGMENT;
import static dev.cleanroom.crypto.dataset.DatasetFiles.encrypt;
import static dev.cleanroom.crypto.dataset.DatasetFiles.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingKey;
import com.google.crypto.tink.streamingaead.AesGcmHkdfStreamingParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import com.google.crypto.tink.util.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The format is what docs/dataset-format.md says: a reader written from that page with only the JDK decrypts
 * our files, and the files are exactly Tink's standard AES256_GCM_HKDF_1MB streaming AEAD.
 */
class DatasetFormatReferenceTest {
  private static final String DATASET = "offers/customers@6f1c1f0e-8d1e-4b43-9a59-2f4c1f8b6b11";

  private final DataKey key = DataKey.generate(new SecureRandom());

  @Test
  void format_documentedLayout_decryptsWithJdkOnly() throws GeneralSecurityException {
    byte[] plaintext = randomBytes(2 * SEGMENT + 777, 21);
    byte[] file = encrypt(key, DATASET, plaintext);
    assertThat(decryptAsDocumented(key.exportBytes().toByteArray(), DATASET, file)).isEqualTo(plaintext);
  }

  @Test
  void format_emptyPlaintext_decryptsWithJdkOnly() throws GeneralSecurityException {
    byte[] file = encrypt(key, DATASET, new byte[0]);
    assertThat(decryptAsDocumented(key.exportBytes().toByteArray(), DATASET, file)).isEmpty();
  }

  @Test
  void encrypt_output_isReadableByTinkKeyedStreamingAead() throws Exception {
    byte[] plaintext = randomBytes(SEGMENT + 99, 22);
    byte[] file = encrypt(key, DATASET, plaintext);
    try (InputStream in = tinkKeyed().newDecryptingStream(
        new ByteArrayInputStream(file), DATASET.getBytes(StandardCharsets.UTF_8))) {
      assertThat(in.readAllBytes()).isEqualTo(plaintext);
    }
  }

  @Test
  void decrypting_readsWhatTinkKeyedStreamingAeadWrote() throws Exception {
    byte[] plaintext = randomBytes(2 * SEGMENT, 23);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    try (OutputStream out = tinkKeyed().newEncryptingStream(file, DATASET.getBytes(StandardCharsets.UTF_8))) {
      out.write(plaintext);
    }
    assertThat(DatasetFiles.decrypt(key, DATASET, file.toByteArray())).isEqualTo(plaintext);
  }

  private StreamingAead tinkKeyed() throws GeneralSecurityException {
    AesGcmHkdfStreamingParameters parameters = AesGcmHkdfStreamingParameters.builder()
        .setKeySizeBytes(32)
        .setDerivedAesGcmKeySizeBytes(32)
        .setHkdfHashType(AesGcmHkdfStreamingParameters.HashType.SHA256)
        .setCiphertextSegmentSizeBytes(SEGMENT)
        .build();
    return AesGcmHkdfStreaming.create(AesGcmHkdfStreamingKey.create(
        parameters, SecretBytes.copyFrom(key.exportBytes().toByteArray(), InsecureSecretKeyAccess.get())));
  }

  /** A reader written from docs/dataset-format.md alone. */
  private static byte[] decryptAsDocumented(byte[] dataKey, String datasetId, byte[] file)
      throws GeneralSecurityException {
    assertThat(file[0]).isEqualTo((byte) 40);
    byte[] salt = Arrays.copyOfRange(file, 1, 33);
    byte[] noncePrefix = Arrays.copyOfRange(file, 33, 40);
    byte[] fileKey = hkdfSha256(dataKey, salt, datasetId.getBytes(StandardCharsets.UTF_8), 32);
    ByteArrayOutputStream plaintext = new ByteArrayOutputStream();
    int position = 40;
    for (int index = 0; position < file.length || index == 0; index++) {
      int end = Math.min((index + 1) * SEGMENT, file.length);
      boolean last = end == file.length;
      ByteBuffer nonce = ByteBuffer.allocate(12).put(noncePrefix).putInt(index).put((byte) (last ? 1 : 0));
      Cipher aesGcm = Cipher.getInstance("AES/GCM/NoPadding");
      aesGcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(fileKey, "AES"), new GCMParameterSpec(128, nonce.array()));
      plaintext.writeBytes(aesGcm.doFinal(file, position, end - position));
      position = end;
    }
    return plaintext.toByteArray();
  }

  /** RFC 5869 HKDF with HMAC-SHA256. */
  private static byte[] hkdfSha256(byte[] inputKey, byte[] salt, byte[] info, int length)
      throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] pseudoRandomKey = mac.doFinal(inputKey);
    mac.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    byte[] block = new byte[0];
    for (int counter = 1; output.size() < length; counter++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) counter);
      block = mac.doFinal();
      output.writeBytes(block);
    }
    return Arrays.copyOf(output.toByteArray(), length);
  }
}
