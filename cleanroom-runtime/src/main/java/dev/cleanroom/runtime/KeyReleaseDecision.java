package dev.cleanroom.runtime;

import dev.cleanroom.crypto.dataset.DataKey;
import dev.cleanroom.protocol.KeyRelease;
import java.util.Optional;

/**
 * What the runtime decided about one key release: the decision recorded on the ledger and, when released, the key
 * to hold once that entry is durable.
 */
public record KeyReleaseDecision(KeyRelease.Decision decision, Optional<DataKey> key) {
  static KeyReleaseDecision refused(String reason) {
    return new KeyReleaseDecision(new KeyRelease.Decision(false, reason), Optional.empty());
  }

  static KeyReleaseDecision released(String reason, DataKey key) {
    return new KeyReleaseDecision(new KeyRelease.Decision(true, reason), Optional.of(key));
  }
}
