package dev.cleanroom.bench.dataset;

import dev.cleanroom.bench.Blackhole;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.crypto.dataset.DatasetCipher;
import dev.cleanroom.crypto.dataset.DatasetIntegrityException;
import dev.cleanroom.crypto.dataset.DatasetSegmentDecrypter;
import dev.cleanroom.crypto.dataset.DatasetSegmentEncrypter;
import dev.cleanroom.crypto.dataset.EncryptionSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The buffers and the single-threaded passes of the dataset cipher benchmark. Every pass encrypts or
 * decrypts the whole plaintext once, in memory: with the dataset format ({@link DatasetCipher}), with
 * the JDK's AES-256-GCM over the whole buffer in one {@code doFinal}, and with the JDK's AES-256-GCM
 * in 1 MiB messages (one {@code init} and {@code doFinal} each, as the format's segments are). The
 * reference ciphertexts the decryptions read are made once, by {@link #create}; encryptions write
 * into a scratch buffer. Not thread-safe.
 */
final class CipherPasses {
  static final String DATASET_ID = "benchmark/dataset@00000000-0000-0000-0000-000000000000";
  static final int IV_BYTES = 12;
  static final int TAG_BITS = 128;
  static final int MESSAGE_BYTES = 1 << 20;

  /** One pass over the whole plaintext. */
  @FunctionalInterface
  interface Pass {
    void run() throws IOException, GeneralSecurityException;
  }

  private final byte[] plaintext;
  private final DataKey dataKey;
  private final SecretKeySpec aesKey;
  private final Cipher cipher;
  private final long ivPrefix;
  private long ivCounter;
  private final byte[] formatCiphertext;
  private final byte[] jdkCiphertext;
  private final byte[] jdkIv;
  private final byte[] messageCiphertext;
  private final long messageIvBase;
  private final byte[] scratch;
  private final FixedBufferOutputStream scratchStream;
  private final byte[] readBuffer = new byte[MESSAGE_BYTES];
  private final MessageDigest sha256;

  private CipherPasses(byte[] plaintext, SecureRandom random) throws GeneralSecurityException {
    this.plaintext = plaintext;
    this.dataKey = DataKey.generate(random);
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    this.aesKey = new SecretKeySpec(raw, "AES");
    Arrays.fill(raw, (byte) 0);
    this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    this.ivPrefix = random.nextLong();
    int messages = messageCount(plaintext.length);
    this.formatCiphertext = new byte[Math.toIntExact(DatasetCipher.ciphertextSize(plaintext.length))];
    this.jdkCiphertext = new byte[plaintext.length + TAG_BITS / 8];
    this.jdkIv = nextIv();
    this.messageCiphertext = new byte[plaintext.length + messages * TAG_BITS / 8];
    this.messageIvBase = ivCounter;
    ivCounter += messages;
    this.scratch = new byte[Math.max(formatCiphertext.length, messageCiphertext.length)];
    this.scratchStream = new FixedBufferOutputStream(scratch);
    this.sha256 = MessageDigest.getInstance("SHA-256");
  }

  /** Random plaintext of {@code bytes}, its three reference ciphertexts, and checks they decrypt. */
  static CipherPasses create(int bytes, SecureRandom random)
      throws IOException, GeneralSecurityException {
    byte[] plaintext = new byte[bytes];
    random.nextBytes(plaintext);
    CipherPasses passes = new CipherPasses(plaintext, random);
    passes.makeReferences();
    return passes;
  }

  int plaintextBytes() {
    return plaintext.length;
  }

  int formatCiphertextBytes() {
    return formatCiphertext.length;
  }

  static int messageCount(int bytes) {
    return Math.max(1, (bytes + MESSAGE_BYTES - 1) / MESSAGE_BYTES);
  }

  private void makeReferences() throws IOException, GeneralSecurityException {
    EncryptionSummary summary = DatasetCipher.encrypt(dataKey, DATASET_ID,
        new ByteArrayInputStream(plaintext), new FixedBufferOutputStream(formatCiphertext));
    if (summary.ciphertextBytes() != formatCiphertext.length) {
      throw new IllegalStateException("the format wrote " + summary.ciphertextBytes()
          + " bytes, not the " + formatCiphertext.length + " DatasetCipher.ciphertextSize gives");
    }
    cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, jdkIv));
    cipher.doFinal(plaintext, 0, plaintext.length, jdkCiphertext, 0);
    encryptMessages(messageIvBase, messageCiphertext);
    // Every decryption pass must give back the plaintext; checked once here, outside the timing.
    for (Pass pass : new Pass[] {this::jdkDecrypt, this::messagesDecrypt, this::chunksDecrypt}) {
      Arrays.fill(scratch, (byte) 0);
      pass.run();
      if (!Arrays.equals(scratch, 0, plaintext.length, plaintext, 0, plaintext.length)) {
        throw new IllegalStateException("a decryption pass did not give back the plaintext");
      }
    }
    chunksEncrypt();
    try (InputStream decrypted = DatasetCipher.decrypting(dataKey, DATASET_ID,
        new ByteArrayInputStream(scratch, 0, formatCiphertext.length))) {
      if (!Arrays.equals(decrypted.readAllBytes(), plaintext)) {
        throw new IllegalStateException("the dataset format did not give back the plaintext");
      }
    }
  }

  /**
   * {@link DatasetCipher#encrypt}, the stream publishing uses: it reads the plaintext into a chunk
   * buffer, writes each encrypted chunk on, and hashes the ciphertext for the manifest.
   */
  void streamEncrypt() throws IOException {
    EncryptionSummary summary = DatasetCipher.encrypt(dataKey, DATASET_ID,
        new ByteArrayInputStream(plaintext), scratchStream.reset());
    Blackhole.consume(summary.ciphertextBytes());
  }

  /**
   * The format's chunk API over the buffers: each chunk encrypted by {@link DatasetSegmentEncrypter}
   * straight from the plaintext array into the ciphertext array, as the JDK baseline reads and writes
   * its arrays. No ciphertext hash: that belongs to publishing, not to the format.
   */
  void chunksEncrypt() {
    DatasetSegmentEncrypter encrypter = DatasetSegmentEncrypter.start(dataKey, DATASET_ID);
    ByteBuffer out = ByteBuffer.wrap(scratch);
    out.put(encrypter.header());
    int offset = 0;
    boolean last = false;
    while (!last) {
      int size = Math.min(encrypter.nextPlaintextSize(), plaintext.length - offset);
      last = offset + size == plaintext.length;
      encrypter.encryptNext(ByteBuffer.wrap(plaintext, offset, size), last, out);
      offset += size;
    }
    if (out.position() != formatCiphertext.length) {
      throw new IllegalStateException("the chunk API wrote " + out.position() + " bytes, not "
          + formatCiphertext.length);
    }
    check(offset);
  }

  /**
   * The format's chunk API over the buffers: each chunk of the reference file authenticated and
   * decrypted by {@link DatasetSegmentDecrypter} straight into the plaintext array, as a reader of a
   * memory-mapped file does.
   */
  void chunksDecrypt() throws DatasetIntegrityException {
    DatasetSegmentDecrypter decrypter = DatasetSegmentDecrypter.open(dataKey, DATASET_ID,
        Arrays.copyOf(formatCiphertext, DatasetCipher.HEADER_SIZE));
    long chunks = DatasetSegmentDecrypter.segmentCount(formatCiphertext.length);
    ByteBuffer out = ByteBuffer.wrap(scratch);
    for (long index = 0; index < chunks; index++) {
      int start = (int) DatasetSegmentDecrypter.segmentStart(index);
      int length = DatasetSegmentDecrypter.segmentLength(index, formatCiphertext.length);
      decrypter.decrypt(index, index == chunks - 1, ByteBuffer.wrap(formatCiphertext, start, length),
          out);
    }
    check(out.position());
  }

  /** {@link DatasetCipher#decrypting}, read to the end in 1 MiB reads. */
  void streamDecrypt() throws IOException {
    long total = 0;
    try (InputStream decrypted = DatasetCipher.decrypting(dataKey, DATASET_ID,
        new ByteArrayInputStream(formatCiphertext))) {
      int read;
      while ((read = decrypted.read(readBuffer, 0, readBuffer.length)) >= 0) {
        total += read;
      }
    }
    check(total);
  }

  /** One {@code doFinal} over the whole plaintext, with a fresh IV. */
  void jdkEncrypt() throws GeneralSecurityException {
    cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nextIv()));
    check(cipher.doFinal(plaintext, 0, plaintext.length, scratch, 0) - TAG_BITS / 8);
  }

  /** One {@code doFinal} over the whole reference ciphertext. */
  void jdkDecrypt() throws GeneralSecurityException {
    cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, jdkIv));
    check(cipher.doFinal(jdkCiphertext, 0, jdkCiphertext.length, scratch, 0));
  }

  /** 1 MiB messages, each with its own IV and tag. */
  void messagesEncrypt() throws GeneralSecurityException {
    long base = ivCounter;
    ivCounter += messageCount(plaintext.length);
    check(encryptMessages(base, scratch));
  }

  private long encryptMessages(long ivBase, byte[] output) throws GeneralSecurityException {
    long total = 0;
    int out = 0;
    for (int offset = 0, index = 0; offset < plaintext.length || index == 0;
        offset += MESSAGE_BYTES, index++) {
      int length = Math.min(MESSAGE_BYTES, plaintext.length - offset);
      cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv(ivBase + index)));
      out += cipher.doFinal(plaintext, offset, length, output, out);
      total += length;
    }
    return total;
  }

  /** The reference 1 MiB messages, decrypted one by one. */
  void messagesDecrypt() throws GeneralSecurityException {
    long total = 0;
    int in = 0;
    int tag = TAG_BITS / 8;
    for (int index = 0; in < messageCiphertext.length; index++) {
      int length = Math.min(MESSAGE_BYTES + tag, messageCiphertext.length - in);
      cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv(messageIvBase + index)));
      total += cipher.doFinal(messageCiphertext, in, length, scratch, (int) total);
      in += length;
    }
    check(total);
  }

  /** SHA-256 of the plaintext: the hash the format's encryption also computes over its output. */
  void sha256() {
    sha256.update(plaintext);
    Blackhole.consume(sha256.digest()[0]);
  }

  private void check(long processed) {
    if (processed != plaintext.length) {
      throw new IllegalStateException("processed " + processed + " bytes of " + plaintext.length);
    }
    Blackhole.consume(processed);
  }

  private byte[] nextIv() {
    return iv(ivCounter++);
  }

  /** A 96-bit IV: a random 32-bit prefix of this run, then a counter; never reused under the key. */
  private byte[] iv(long counter) {
    return ByteBuffer.allocate(IV_BYTES).putInt((int) ivPrefix).putLong(counter).array();
  }
}
