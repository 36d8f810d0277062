package dev.cleanroom.core;

import java.util.Objects;

/**
 * The one exception type of the project. Its message names the entity, the field and the limit that was
 * broken, and never carries key material, plaintext or query results.
 */
public final class CleanroomException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public CleanroomException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public CleanroomException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ErrorCode code() {
    return code;
  }

  public static CleanroomException malformed(String message) {
    return new CleanroomException(ErrorCode.MALFORMED_INPUT, message);
  }

  public static CleanroomException invalid(String message) {
    return new CleanroomException(ErrorCode.INVALID_ARGUMENT, message);
  }

  public static CleanroomException unauthenticated(String message) {
    return new CleanroomException(ErrorCode.UNAUTHENTICATED, message);
  }

  public static CleanroomException forbidden(String message) {
    return new CleanroomException(ErrorCode.FORBIDDEN, message);
  }

  public static CleanroomException notFound(String message) {
    return new CleanroomException(ErrorCode.NOT_FOUND, message);
  }

  public static CleanroomException conflict(String message) {
    return new CleanroomException(ErrorCode.CONFLICT, message);
  }

  public static CleanroomException integrity(String message) {
    return new CleanroomException(ErrorCode.INTEGRITY, message);
  }
}
