package dev.cleanroom.ledger;

import java.util.Arrays;

/**
 * An append-only array of 32-byte hashes stored in fixed-size chunks, so that millions of hashes cost
 * a few large arrays rather than millions of small objects, and growth never copies more than one
 * chunk. The first chunk starts small and doubles, which keeps small trees cheap.
 *
 * <p>Not thread-safe; owned by one {@link MerkleTree}.
 */
final class HashLevel {
  private static final int CHUNK_SHIFT = 12;
  private static final int CHUNK_HASHES = 1 << CHUNK_SHIFT;
  private static final int CHUNK_MASK = CHUNK_HASHES - 1;
  private static final int CHUNK_BYTES = CHUNK_HASHES * MerkleHash.HASH_LENGTH;
  private static final int FIRST_CHUNK_BYTES = 8 * MerkleHash.HASH_LENGTH;

  private byte[][] chunks = new byte[4][];
  private long size;

  long size() {
    return size;
  }

  /** Appends the {@value MerkleHash#HASH_LENGTH} bytes of {@code source} starting at {@code offset}. */
  void add(byte[] source, int offset) {
    int chunkIndex = (int) (size >>> CHUNK_SHIFT);
    int byteOffset = offsetOf(size);
    ensureCapacity(chunkIndex, byteOffset + MerkleHash.HASH_LENGTH);
    System.arraycopy(source, offset, chunks[chunkIndex], byteOffset, MerkleHash.HASH_LENGTH);
    size++;
  }

  /** The chunk holding hash {@code index}; the hash starts at {@link #offsetOf(long)} in it. */
  byte[] chunkOf(long index) {
    return chunks[(int) (index >>> CHUNK_SHIFT)];
  }

  /** The byte offset of hash {@code index} inside {@link #chunkOf(long)}. */
  static int offsetOf(long index) {
    return ((int) index & CHUNK_MASK) * MerkleHash.HASH_LENGTH;
  }

  /** Returns a fresh copy of hash {@code index}; the caller has checked {@code index < size()}. */
  byte[] copy(long index) {
    int offset = offsetOf(index);
    return Arrays.copyOfRange(chunkOf(index), offset, offset + MerkleHash.HASH_LENGTH);
  }

  private void ensureCapacity(int chunkIndex, int bytesNeeded) {
    if (chunkIndex >= chunks.length) {
      chunks = Arrays.copyOf(chunks, Math.max(chunks.length * 2, chunkIndex + 1));
    }
    byte[] chunk = chunks[chunkIndex];
    if (chunk == null) {
      chunks[chunkIndex] = new byte[chunkIndex == 0 ? FIRST_CHUNK_BYTES : CHUNK_BYTES];
    } else if (chunk.length < bytesNeeded) {
      chunks[chunkIndex] = Arrays.copyOf(chunk, Math.min(chunk.length * 2, CHUNK_BYTES));
    }
  }
}
