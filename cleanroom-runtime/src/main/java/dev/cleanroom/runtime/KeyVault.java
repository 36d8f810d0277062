package dev.cleanroom.runtime;

import dev.cleanroom.core.contract.RoomId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data keys this runtime holds, in memory only: nothing here is ever written anywhere, so a restarted runtime
 * holds no keys until owners release them again. Thread-safe.
 */
public final class KeyVault {
  private record Address(RoomId room, String table) {}

  private final Map<Address, HeldKey> keys = new ConcurrentHashMap<>();

  public void put(RoomId room, String table, HeldKey key) {
    keys.put(new Address(room, table), key);
  }

  public Optional<HeldKey> get(RoomId room, String table) {
    return Optional.ofNullable(keys.get(new Address(room, table)));
  }

  /** The key for {@code table}, only while the contract's entry is still the one it was released for. */
  public Optional<HeldKey> current(RoomId room, String table, String currentEntryHash) {
    return get(room, table).filter(k -> k.entryHash().equals(currentEntryHash));
  }

  public void forget(RoomId room, String table) {
    keys.remove(new Address(room, table));
  }

  public int size() {
    return keys.size();
  }
}
