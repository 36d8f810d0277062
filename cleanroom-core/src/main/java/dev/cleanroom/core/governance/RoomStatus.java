package dev.cleanroom.core.governance;

/**
 * The life of a room: {@link #PENDING} until every founding member accepts the founding proposal, then
 * {@link #ACTIVE}; {@link #CLOSED} if a founding member rejected it. Only an active room takes new proposals.
 */
public enum RoomStatus {
  PENDING,
  ACTIVE,
  CLOSED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
