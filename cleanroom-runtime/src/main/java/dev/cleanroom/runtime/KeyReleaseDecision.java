package dev.cleanroom.runtime;

import dev.cleanroom.core.engine.TableLoader;
import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.protocol.KeyRelease;
import java.util.Optional;

/**
 * What the runtime decided about one key release: the decision recorded on the ledger and, when released, the key,
 * the loaded (not yet visible) table to hold once that entry is durable, and the table as its contract entry
 * describes it, which the runtime measures as soon as it holds it.
 */
public record KeyReleaseDecision(KeyRelease.Decision decision, Optional<DataKey> key, Optional<TableLoader> loader,
    Optional<TableInfo> table) {
  static KeyReleaseDecision refused(String reason) {
    return new KeyReleaseDecision(new KeyRelease.Decision(false, reason), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  static KeyReleaseDecision released(String reason, DataKey key, TableLoader loader, TableInfo table) {
    return new KeyReleaseDecision(new KeyRelease.Decision(true, reason), Optional.of(key), Optional.of(loader),
        Optional.of(table));
  }

  /** Discards a loaded table that will not be held (the release could not be recorded). */
  public void abandon() {
    loader.ifPresent(TableLoader::close);
  }
}
