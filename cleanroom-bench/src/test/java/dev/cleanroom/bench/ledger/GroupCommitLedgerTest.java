package dev.cleanroom.bench.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.ledger.MerkleHash;
import dev.cleanroom.ledger.MerkleTree;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.RuntimeIdentity;
import dev.cleanroom.protocol.SignedRoot;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupCommitLedgerTest {
  private static final RoomId ROOM = RoomId.of("test-room");
  private static final int ROOT_INTERVAL = 50;
  private static RuntimeIdentity runtime;
  private static BallotEntries ballots;

  @BeforeAll
  static void makeKeysAndBallots() {
    SecureRandom random = new SecureRandom();
    runtime = RuntimeIdentity.generate(random);
    ballots = BallotEntries.create(ROOM, 8, random);
  }

  @Test
  void append_manyWriters_chainsEveryRecordAndSignsARootEveryInterval() throws Exception {
    InMemoryLedgerStore store = new InMemoryLedgerStore();
    SignedMerkleScheme scheme =
        new SignedMerkleScheme(ROOM, runtime, Clock.systemUTC(), ROOT_INTERVAL);
    GroupCommitLedger ledger = new GroupCommitLedger(store, scheme, 64);

    AppendRun run = AppendRun.run(ledger, ballots, new Concurrency(8, 3), Duration.ofMillis(200));

    List<byte[]> records = store.readRange(0, store.size());
    assertThat(run.entries()).isPositive().isEqualTo(run.records() - scheme.rootCount() - 1);
    assertThat(records).hasSize((int) run.records());
    assertThat(store.appends()).isEqualTo((int) run.storeAppends());
    String previous = BallotEntries.ZERO_HASH_HEX;
    MerkleTree tree = new MerkleTree();
    int sinceRoot = 0;
    for (int seq = 0; seq < records.size(); seq++) {
      JsonNode entry = Json.parse(records.get(seq), "entry " + seq);
      assertThat(entry.path("seq").asLong()).isEqualTo(seq);
      assertThat(entry.path("prev").asText()).isEqualTo(previous);
      if (entry.path("type").asText().equals("root")) {
        assertThat(sinceRoot).isEqualTo(ROOT_INTERVAL);
        assertThat(entry.path("tree_size").asLong()).isEqualTo(seq);
        assertThat(entry.path("root").asText()).isEqualTo(Hashes.hex(tree.rootHash()));
        sinceRoot = 0;
      } else {
        sinceRoot++;
      }
      previous = Hashes.sha256Hex(records.get(seq));
      tree.append(MerkleHash.leafHash(records.get(seq)));
    }
    assertThat(scheme.rootCount()).isEqualTo(records.size() / (ROOT_INTERVAL + 1));
    SignedRoot first = scheme.rootCovering(0);
    assertThat(first.treeSize()).isEqualTo(ROOT_INTERVAL);
    assertThat(first.signatureValid()).isTrue();
  }

  @Test
  void append_maxBatchOfOne_storesEachCallOnItsOwn() throws Exception {
    InMemoryLedgerStore store = new InMemoryLedgerStore();
    GroupCommitLedger ledger =
        new GroupCommitLedger(store, new HashChainScheme(Clock.systemUTC()), 1);

    AppendRun run = AppendRun.run(ledger, ballots, new Concurrency(4, 1), Duration.ofMillis(100));

    assertThat(run.storeAppends()).isEqualTo(run.entries()).isEqualTo(store.size());
  }

  @Test
  void concurrency_parseList_readsEachPair() {
    assertThat(Concurrency.parseList("256x1, 16x16"))
        .containsExactly(new Concurrency(256, 1), new Concurrency(16, 16));
  }
}
