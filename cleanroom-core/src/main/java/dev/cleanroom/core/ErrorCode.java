package dev.cleanroom.core;

/**
 * Category of a {@link CleanroomException}. The REST layer maps each category to one HTTP status and the
 * CLI to one exit code, so callers can branch on the category rather than on message text.
 */
public enum ErrorCode {
  /** The input could not be parsed or is structurally wrong (malformed JSON, unknown action). */
  MALFORMED_INPUT,
  /** The input parsed but breaks a rule (an empty member list, an unknown party in a constitution). */
  INVALID_ARGUMENT,
  /** A signature, key or request authentication did not verify. */
  UNAUTHENTICATED,
  /** The caller is authenticated but not allowed to do this (not a member, not the proposer). */
  FORBIDDEN,
  /** The named room, proposal or ledger entry does not exist. */
  NOT_FOUND,
  /** The request conflicts with the current state (stale contract version, ballot replayed). */
  CONFLICT,
  /** The request is larger than the limit the server accepts. */
  TOO_LARGE,
  /** Stored or downloaded data failed an integrity check (hash chain, Merkle root, torn record). */
  INTEGRITY,
  /** A local file or network operation failed. */
  IO,
  /** A bug or an unexpected state on the server. */
  INTERNAL
}
