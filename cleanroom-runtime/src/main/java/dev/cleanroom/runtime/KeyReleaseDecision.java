package dev.cleanroom.runtime;

import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.protocol.KeyRelease;
import java.util.Optional;

/**
 * What the runtime decided about one key release: the decision recorded on the ledger and, when released, the key
 * and the loaded (not yet visible) table to hold once that entry is durable.
 */
public record KeyReleaseDecision(KeyRelease.Decision decision, Optional<DataKey> key, Optional<TableLoader> loader) {
  static KeyReleaseDecision refused(String reason) {
    return new KeyReleaseDecision(new KeyRelease.Decision(false, reason), Optional.empty(), Optional.empty());
  }

  static KeyReleaseDecision released(String reason, DataKey key, TableLoader loader) {
    return new KeyReleaseDecision(new KeyRelease.Decision(true, reason), Optional.of(key), Optional.of(loader));
  }

  /** Discards a loaded table that will not be held (the release could not be recorded). */
  public void abandon() {
    loader.ifPresent(TableLoader::close);
  }
}
