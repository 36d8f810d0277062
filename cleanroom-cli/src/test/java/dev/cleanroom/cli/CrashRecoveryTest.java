package dev.cleanroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.protocol.LedgerAudit;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a server process with SIGKILL in the middle of a burst of appends, restarts it on the same data, and
 * checks that every acknowledged entry is there and the whole ledger still verifies.
 */
class CrashRecoveryTest {
  private static final RoomId ROOM = RoomId.of("offers");

  @TempDir Path data;

  @Test
  void serverKilledDuringAppends_everyAcknowledgedEntrySurvives_chainValid() throws Exception {
    SecureRandom random = new SecureRandom();
    PartyKeys bank = PartyKeys.generate(PartyId.of("bank"), random);
    PartyKeys merchant = PartyKeys.generate(PartyId.of("merchant"), random);
    Set<ProposalId> acknowledged = ConcurrentHashMap.newKeySet();
    for (int round = 0; round < 3; round++) {
      try (ServerProcess server = ServerProcess.start(data, "--root-every", "7", "--root-interval-ms", "50")) {
        CleanroomClient bankClient = CleanroomClient.connect(server.url(), bank);
        CleanroomClient merchantClient = CleanroomClient.connect(server.url(), merchant);
        if (round == 0) {
          ProposalId founding = bankClient.createRoom(ROOM, List.of(new Action.AddMember(bank.identity()),
              new Action.AddMember(merchant.identity()))).proposal();
          bankClient.vote(ROOM, founding, Vote.ACCEPT);
          merchantClient.vote(ROOM, founding, Vote.ACCEPT);
        } else {
          assertAllPresent(bankClient, acknowledged);
        }
        burstThenKill(server, List.of(bankClient, merchantClient), acknowledged, round, random);
      }
    }
    try (ServerProcess server = ServerProcess.start(data)) {
      assertAllPresent(CleanroomClient.connect(server.url(), bank), acknowledged);
    }
    assertThat(acknowledged).hasSizeGreaterThan(20);
  }

  private static void burstThenKill(ServerProcess server, List<CleanroomClient> clients, Set<ProposalId> acknowledged,
      int round, SecureRandom random) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger counter = new AtomicInteger();
    int before = acknowledged.size();
    for (int worker = 0; worker < 8; worker++) {
      CleanroomClient client = clients.get(worker % clients.size());
      pool.submit(() -> {
        while (!Thread.currentThread().isInterrupted()) {
          int n = counter.incrementAndGet();
          Extension note = new Extension("note", "r" + round + "-" + n, "{\"n\":" + n + "}", Set.of());
          try {
            // The contract version stays 1: proposals stay open, so every one is a fresh append.
            acknowledged.add(client.propose(ROOM, 1, List.of(new Action.SetExtension(note))).proposal());
          } catch (CleanroomException e) {
            return;
          }
        }
      });
    }
    while (acknowledged.size() < before + 15) {
      Thread.sleep(5);
    }
    Thread.sleep(100 + random.nextInt(400));
    server.kill();
    pool.shutdownNow();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
  }

  private static void assertAllPresent(CleanroomClient client, Set<ProposalId> acknowledged) {
    List<byte[]> ledger = client.ledger(ROOM);
    LedgerAudit.Report report = LedgerAudit.verify(ROOM, ledger);
    assertThat(report.entries()).isEqualTo(ledger.size());
    var proposals = client.proposals(ROOM).path("proposals");
    Set<String> present = new java.util.HashSet<>();
    proposals.forEach(p -> present.add(p.path("id").asText()));
    for (ProposalId id : acknowledged) {
      assertThat(present).as("acknowledged proposal %s survives the crash", id).contains(id.value());
    }
  }
}
