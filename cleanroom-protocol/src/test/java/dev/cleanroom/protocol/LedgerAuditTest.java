package dev.cleanroom.protocol;

import static dev.cleanroom.protocol.Ledgers.ROOM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.governance.ProposalState;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.SigningKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LedgerAuditTest {
  private static final Pattern ENTRY = Pattern.compile("ledger of room 'offers', entry (\\d+) \\(");

  private static List<byte[]> standardEntries() {
    return new ArrayList<>(Ledgers.standard().entries);
  }

  /** The index of the entry the audit names as the first bad one. */
  private static int failingEntry(List<byte[]> entries) {
    try {
      LedgerAudit.verify(ROOM, entries);
    } catch (CleanroomException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY);
      Matcher matcher = ENTRY.matcher(e.getMessage());
      assertThat(matcher.find()).as("message names the entry: %s", e.getMessage()).isTrue();
      return Integer.parseInt(matcher.group(1));
    }
    throw new AssertionError("the tampered ledger verified");
  }

  private static byte[] replaceOnce(byte[] entry, String from, String to) {
    String text = new String(entry, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    return text.replaceFirst(Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void verify_intactLedger_reportsWhatItHolds() {
    LedgerAudit.Report report = LedgerAudit.verify(ROOM, standardEntries());

    assertThat(report.entries()).isEqualTo(12);
    assertThat(report.signedRoots()).isEqualTo(2);
    assertThat(report.unsignedEntries()).isZero();
    assertThat(report.status()).isEqualTo("active");
    assertThat(report.contractVersion()).isEqualTo(2);
    assertThat(report.proposalsByState()).containsEntry(ProposalState.ACCEPTED, 2).containsEntry(ProposalState.DROPPED, 1);
    assertThat(report.latestRoot().orElseThrow().treeSize()).isEqualTo(11);
    assertThat(report.summary()).contains("is intact: 12 entries");
  }

  @Test
  void verify_byteFlippedInSignedPayload_namesThatEntry() {
    List<byte[]> entries = standardEntries();
    for (int index : List.of(1, 5, 8)) {
      List<byte[]> tampered = new ArrayList<>(entries);
      byte[] entry = entries.get(index).clone();
      int position = new String(entry, StandardCharsets.UTF_8).indexOf("\"payload\":\"") + 20;
      entry[position] ^= 0x01;
      tampered.set(index, entry);

      assertThat(failingEntry(tampered)).as("flipped entry %d", index).isEqualTo(index);
    }
  }

  @Test
  void verify_anySingleByteFlipped_detectedAtThatEntryOrByTheNextOnesChain() {
    List<byte[]> entries = standardEntries();
    int index = 7;
    byte[] original = entries.get(index);
    for (int position = 0; position < original.length; position++) {
      List<byte[]> tampered = new ArrayList<>(entries);
      byte[] entry = original.clone();
      entry[position] ^= 0x01;
      tampered.set(index, entry);

      assertThat(failingEntry(tampered)).as("byte %d flipped", position).isIn(index, index + 1);
    }
  }

  @Test
  void verify_unsignedTimeChanged_nextEntryChainBroken() {
    List<byte[]> entries = standardEntries();
    entries.set(3, replaceOnce(entries.get(3), "2025-01-01T00:00:03Z", "2025-01-01T00:00:04Z"));

    assertThat(failingEntry(entries)).isEqualTo(4);
    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, entries)).hasMessageContaining("hash chain broken");
  }

  @Test
  void verify_entryDeleted_namesItsPosition() {
    List<byte[]> entries = standardEntries();
    entries.remove(7);

    assertThat(failingEntry(entries)).isEqualTo(7);
    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, entries)).hasMessageContaining("sequence number is 8, expected 7");
  }

  @Test
  void verify_entryDeletedAndRechained_detected() {
    List<byte[]> entries = standardEntries();
    entries.remove(7);

    List<byte[]> rechained = Ledgers.rechain(entries, 7);

    // Without bank's ballot, telco's no longer completes a unanimous acceptance.
    assertThat(failingEntry(rechained)).isEqualTo(9);
    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, rechained)).hasMessageContaining("differ from what the constitution gives");
  }

  @Test
  void verify_twoEntriesSwapped_namesFirstPosition() {
    List<byte[]> entries = standardEntries();
    Collections.swap(entries, 7, 8);

    assertThat(failingEntry(entries)).isEqualTo(7);
  }

  @Test
  void verify_twoBallotsSwappedAndRechained_detectedBySignedRoot() {
    List<byte[]> entries = standardEntries();
    Collections.swap(entries, 7, 8);

    // Both ballots leave the proposal open, so only the signed root that follows notices the rewrite.
    assertThat(failingEntry(Ledgers.rechain(entries, 7))).isEqualTo(11);
  }

  @Test
  void verify_effectsChangedAndRechained_namesThatEntry() {
    List<byte[]> entries = standardEntries();
    String constitution = Hashes.sha256Hex(
        Base64.getDecoder().decode(Ledgers.parse(entries.get(5)).path("envelope").path("payload").asText()));
    ObjectNode ballot = Ledgers.parse(entries.get(8));
    ObjectNode effects = (ObjectNode) ballot.get("effects");
    assertThat(effects.get("proposals").isEmpty()).as("merchant's ballot left the proposal open").isTrue();
    ((ObjectNode) effects.get("proposals")).put(constitution, "accepted");
    effects.put("contract_version", 2);
    entries.set(8, Json.bytes(ballot));

    List<byte[]> rechained = Ledgers.rechain(entries, 9);

    assertThat(failingEntry(rechained)).isEqualTo(8);
    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, rechained)).hasMessageContaining("differ from what the constitution gives");
  }

  @Test
  void verify_rootSignedByUnregisteredKey_namesRootEntry() {
    List<byte[]> entries = standardEntries();
    ObjectNode root = Ledgers.parse(entries.get(11));
    byte[] hash = Hashes.unhex(root.path("root").asText());
    SigningKey other = Ledgers.OTHER_RUNTIME.signingKey();
    root.put("signing_key", other.publicKey().base64());
    root.put("signature", Base64.getEncoder().encodeToString(other.sign(Statements.root(ROOM, 11, hash))));
    entries.set(11, Json.bytes(root));

    assertThat(failingEntry(entries)).isEqualTo(11);
    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, entries)).hasMessageContaining("not the runtime key last registered");
  }

  @Test
  void verify_fieldAddedAndRechained_namesThatEntry() {
    List<byte[]> entries = standardEntries();
    entries.set(5, Json.bytes(Ledgers.parse(entries.get(5)).put("approved_by", "operator")));

    List<byte[]> rechained = Ledgers.rechain(entries, 6);

    assertThat(failingEntry(rechained)).isEqualTo(5);
    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, rechained)).hasMessageContaining("unknown field 'approved_by'");
  }

  @Test
  void verify_noFoundingProposal_integrity() {
    Ledgers.Builder ledger = new Ledgers.Builder();
    ledger.runtime(Ledgers.RUNTIME);

    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, ledger.entries))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTEGRITY))
        .hasMessageContaining("has no founding proposal");
  }

  @Test
  void verify_ledgerOfAnotherRoom_refusedAtFirstEntry() {
    assertThatThrownBy(() -> LedgerAudit.verify(dev.cleanroom.core.contract.RoomId.of("other"), standardEntries()))
        .hasMessageContaining("ledger of room 'other', entry 0 (runtime)");
  }

  @Test
  void requireExtends_savedRootOfIntactLedger_passes() {
    Ledgers.Builder ledger = Ledgers.standard();
    SignedRoot saved = ledger.state.rootCovering(0).orElseThrow().root();

    LedgerAudit.requireExtends(ledger.entries, saved);
  }

  @Test
  void requireExtends_truncatedOrRewritten_integrity() {
    Ledgers.Builder ledger = Ledgers.standard();
    SignedRoot saved = ledger.state.latestRoot().orElseThrow().root();
    List<byte[]> rewritten = new ArrayList<>(ledger.entries);
    rewritten.set(2, replaceOnce(rewritten.get(2), "2025-01-01T00:00:02Z", "2025-01-01T00:00:09Z"));

    assertThatThrownBy(() -> LedgerAudit.requireExtends(ledger.entries.subList(0, 5), saved))
        .hasMessageContaining("it was truncated");
    assertThatThrownBy(() -> LedgerAudit.requireExtends(rewritten, saved))
        .hasMessageContaining("history was rewritten");
  }
}
