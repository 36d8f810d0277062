package dev.cleanroom.crypto.dataset;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * A dataset file failed to decrypt: its header is not one this format writes, or a chunk (segment) did not
 * authenticate. It is an {@link IOException} because it surfaces from {@link java.io.InputStream#read}; callers
 * outside stream code can turn it into the project's exception with {@link #toCleanroomException()}.
 *
 * <p>The message names the dataset id and the chunk index, never key or plaintext bytes. Plaintext already read
 * from the stream before this exception must be discarded: the file as a whole is not authentic.
 */
public final class DatasetIntegrityException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String datasetId;
  private final long chunkIndex;

  private DatasetIntegrityException(String datasetId, long chunkIndex, String message, Throwable cause) {
    super(message, cause);
    this.datasetId = datasetId;
    this.chunkIndex = chunkIndex;
  }

  /** The header (before any chunk) is missing, cut short or not of this format. */
  static DatasetIntegrityException header(String datasetId, String problem) {
    return new DatasetIntegrityException(
        datasetId, -1, "dataset '" + datasetId + "': " + problem, null);
  }

  /** A chunk could not be authenticated or is shorter than its tag. */
  static DatasetIntegrityException chunk(String datasetId, long chunkIndex, String problem, Throwable cause) {
    return new DatasetIntegrityException(
        datasetId, chunkIndex, "dataset '" + datasetId + "', chunk " + chunkIndex + ": " + problem, cause);
  }

  /** The dataset id the caller tried to decrypt under. */
  public String datasetId() {
    return datasetId;
  }

  /** The zero-based chunk that failed, or empty when the header itself was rejected. */
  public OptionalLong chunkIndex() {
    return chunkIndex < 0 ? OptionalLong.empty() : OptionalLong.of(chunkIndex);
  }

  /** The same failure as a {@link CleanroomException} of category {@link ErrorCode#INTEGRITY}. */
  public CleanroomException toCleanroomException() {
    return new CleanroomException(ErrorCode.INTEGRITY, getMessage(), this);
  }
}
