package dev.cleanroom.cli;

import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.DatasetKeyStore;
import dev.cleanroom.client.KeyFiles;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Constitution;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.PartyKeys;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.protocol.GovernanceDocument;
import dev.cleanroom.protocol.GovernanceDocuments;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.LedgerAudit;
import dev.cleanroom.protocol.Receipt;
import dev.cleanroom.protocol.SignedEnvelope;
import dev.cleanroom.protocol.SignedRoot;
import dev.cleanroom.runtime.engine.EngineOptions;
import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The walk-through behind {@code cleanroom demo}: every step goes through the client SDK over real HTTP to a server
 * started in this process, and each is printed as a short story line.
 */
final class Demo {
  private static final RoomId OFFERS = RoomId.of("offers");
  private static final RoomId OTHER = RoomId.of("pilot");

  private final PrintWriter out;
  private final Path directory;
  private final EngineOptions engine;
  private int step;

  Demo(PrintWriter out, Path directory, EngineOptions engine) {
    this.out = out;
    this.directory = directory;
    this.engine = engine;
  }

  void run() throws java.io.IOException {
    say("cleanroom demo: a bank, a merchant and an analyst set up a room they govern together,");
    say("publish encrypted tables into it, release their keys only to an attested runtime, and run");
    say("policy-checked queries whose results are sealed to the parties the contract names, with");
    say("differential privacy and budgets where a table's owner asks for them.");
    say("Working directory: " + directory);
    SecureRandom random = new SecureRandom();
    Path keys = Files.createDirectories(directory.resolve("keys"));
    PartyKeys bankKeys = newParty("bank", keys, random);
    PartyKeys merchantKeys = newParty("merchant", keys, random);
    PartyKeys analystKeys = newParty("analyst", keys, random);

    ServerConfig config = ServerConfig.defaults(directory.resolve("roomdata")).withEngine(engine);
    try (CleanroomServer server = CleanroomServer.start(config)) {
      heading("The operator starts the room server");
      say("listening on " + server.url() + ", ledgers in " + config.dataDirectory());
      say("queries run on engine " + server.engines() + "; the engine is part of the runtime measurement");
      say("the runtime's keys are fresh for this run; its attestation is SIMULATED (no TEE on this machine)");
      CleanroomClient bank = CleanroomClient.connect(server.url(), bankKeys);
      CleanroomClient merchant = CleanroomClient.connect(server.url(), merchantKeys);
      CleanroomClient analyst = CleanroomClient.connect(server.url(), analystKeys);

      heading("The bank proposes room 'offers' with all three as founding members");
      List<Action> founders = List.of(new Action.AddMember(bankKeys.identity()),
          new Action.AddMember(merchantKeys.identity()), new Action.AddMember(analystKeys.identity()));
      ProposalId founding = bank.createRoom(OFFERS, founders).proposal();
      say("founding proposal " + shortId(founding) + "; room is " + bank.room(OFFERS).path("status").asText());
      refused("the merchant tries to propose something before the room is active",
          () -> merchant.propose(OFFERS, 0, List.of(new Action.SetConstitution(new Constitution.Majority()))));
      for (CleanroomClient party : List.of(bank, merchant, analyst)) {
        CleanroomClient.Submitted vote = party.vote(OFFERS, founding, Vote.ACCEPT);
        say(party.keys().party() + " accepts -> proposal " + vote.state());
      }
      say("room is " + bank.room(OFFERS).path("status").asText() + ", contract version "
          + bank.room(OFFERS).path("contract").path("version").asLong());

      heading("The members switch to majority rule (every member must accept: the rule in force is unanimous)");
      ProposalId majority = merchant.propose(OFFERS, List.of(new Action.SetConstitution(new Constitution.Majority()))).proposal();
      for (CleanroomClient party : List.of(bank, merchant, analyst)) {
        say(party.keys().party() + " accepts -> " + party.vote(OFFERS, majority, Vote.ACCEPT).state());
      }

      DemoDatasets datasets = new DemoDatasets(this, directory, OFFERS);
      DatasetKeyStore bankDatasetKeys = datasets.publish(bank, merchant, analyst, config.dataDirectory());

      heading("The merchant proposes who may receive results; its ballot is signed over the proposal and the room");
      ProposalId recipients = merchant.propose(OFFERS, List.of(new Action.SetExtension(new Extension("recipients",
          "offer-results", "{\"parties\":[\"merchant\",\"analyst\"]}", Set.of())))).proposal();
      SignedEnvelope ballot = GovernanceDocuments.ballot(merchantKeys, OFFERS, recipients, Vote.ACCEPT);
      say("merchant accepts -> " + merchant.submitBallot(OFFERS, recipients, ballot).state());
      createSecondRoom(bank, merchant, bankKeys, merchantKeys);
      say("(meanwhile the bank and the merchant also set up a second room, 'pilot')");

      heading("Attacks the server refuses, each leaving the ledger unchanged");
      long before = bank.latestRoot(OFFERS).treeSize() + 1;
      refused("the merchant's ballot is sent a second time (replay)", () -> merchant.submitBallot(OFFERS, recipients, ballot));
      SignedEnvelope pilotBallot = GovernanceDocuments.ballot(analystKeys, OTHER, recipients, Vote.REJECT);
      refused("a ballot signed for room 'pilot' is sent to room 'offers'", () -> analyst.submitBallot(OFFERS, recipients, pilotBallot));
      refused("the analyst proposes against contract version 1, which is no longer in force",
          () -> analyst.propose(OFFERS, 1, List.of(new Action.RevokeMeasurement("00".repeat(32)))));
      refused("the merchant uploads bytes under a name that is not their hash",
          () -> merchant.uploadBlob(OFFERS, writeJunk(), "00".repeat(32), done -> { }));
      PartyKeys outsiderKeys = PartyKeys.generate(PartyId.of("outsider"), random);
      CleanroomClient outsider = CleanroomClient.connect(server.url(), outsiderKeys);
      refused("an outsider with its own key tries to read the room", () -> outsider.room(OFFERS));
      PartyKeys impostorKeys = PartyKeys.generate(PartyId.of("bank"), random);
      CleanroomClient impostor = CleanroomClient.connect(server.url(), impostorKeys);
      refused("an impostor calls itself 'bank' but signs with another key", () -> impostor.room(OFFERS));
      byte[] analystBallot = GovernanceDocuments.ballot(analystKeys, OFFERS, recipients, Vote.REJECT).payload();
      SignedEnvelope forged = new SignedEnvelope(analystBallot, PartyId.of("analyst"), impostorKeys.sign(analystBallot));
      refused("a ballot in the analyst's name signed with another key (as a tampering operator would send it)",
          () -> analyst.submitBallot(OFFERS, recipients, forged));
      ObjectNode unknownAction = new GovernanceDocument.Proposal(OFFERS, PartyId.of("merchant"), 4, "00".repeat(16),
          java.time.Instant.now().toString(), List.of()).toJson();
      unknownAction.putArray("actions").addObject().put("action", "grant_everything");
      refused("a proposal with an unknown action", () -> merchant.send("POST", "/rooms/offers/proposals",
          Json.bytes(SignedEnvelope.sign(merchantKeys, unknownAction).toJson())));
      long after = bank.room(OFFERS).path("ledger_size").asLong();
      say("ledger size " + before + " before and " + after + " after the attempts: " + (before == after ? "nothing was recorded" : "CHANGED"));
      say("analyst accepts -> " + analyst.vote(OFFERS, recipients, Vote.ACCEPT).state());

      datasets.releaseKeys(bank, merchant, analyst, bankDatasetKeys);
      new DemoQueries(this, OFFERS).run(bank, merchant, analyst);
      new DemoPrivacy(this, directory, OFFERS).run(bank, merchant, analyst);

      heading("Receipts: proof that an entry is in the ledger, checked with no server");
      SignedRoot saved = bank.latestRoot(OFFERS);
      Path rootFile = directory.resolve("root-saved-by-bank.json");
      Files.writeString(rootFile, Json.pretty(saved.toJson()));
      say("the bank saves the signed root of " + saved.treeSize() + " entries to " + rootFile.getFileName());
      Receipt receipt = merchant.receipt(OFFERS, 2);
      Path receiptFile = directory.resolve("receipt-entry-2.json");
      Files.writeString(receiptFile, Json.pretty(receipt.toJson()));
      say("the merchant fetches a receipt for entry 2 (the founding proposal): " + receipt.verify().reason());
      Receipt reread = Receipt.fromJson(Json.parse(Files.readAllBytes(receiptFile), "receipt"), "receipt");
      say("offline check of " + receiptFile.getFileName() + ": " + (reread.verify().valid() ? "valid" : "INVALID"));

      heading("More governance, then the bank checks the ledger still extends the root it saved");
      ProposalId measurement = analyst.propose(OFFERS,
          List.of(new Action.AcceptMeasurement("ab".repeat(32)))).proposal();
      analyst.withdraw(OFFERS, measurement);
      say("the analyst proposes and then withdraws a runtime measurement");
      say(bank.consistency(OFFERS, saved.treeSize()).verify(saved).reason() + " (RFC 9162 consistency proof)");

      heading("Every member can audit the whole ledger offline");
      List<byte[]> ledger = analyst.ledger(OFFERS);
      LedgerAudit.Report report = LedgerAudit.verify(OFFERS, ledger);
      LedgerAudit.requireExtends(ledger, saved);
      say(report.summary());
      tamperCheck(ledger);
      say("");
      say("Done on engine " + server.engines() + ". Keys, ledger and receipts are in " + directory);
    }
  }

  private Path writeJunk() {
    try {
      return Files.write(directory.resolve("junk.bin"), new byte[] {1, 2, 3});
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void createSecondRoom(CleanroomClient bank, CleanroomClient merchant, PartyKeys bankKeys, PartyKeys merchantKeys) {
    ProposalId pilot = bank.createRoom(OTHER, List.of(new Action.AddMember(bankKeys.identity()),
        new Action.AddMember(merchantKeys.identity()))).proposal();
    bank.vote(OTHER, pilot, Vote.ACCEPT);
    merchant.vote(OTHER, pilot, Vote.ACCEPT);
  }

  private void tamperCheck(List<byte[]> ledger) {
    int victim = ledger.size() / 2;
    List<byte[]> tampered = new ArrayList<>(ledger);
    byte[] entry = tampered.get(victim).clone();
    int position = entry.length / 2;
    entry[position] ^= 0x01;
    tampered.set(victim, entry);
    try {
      LedgerAudit.verify(OFFERS, tampered);
      say("!! a flipped bit went unnoticed");
      throw new IllegalStateException("audit accepted a tampered ledger");
    } catch (CleanroomException e) {
      say("one bit flipped in a copy of entry " + victim + " -> audit fails: " + firstLine(e.getMessage()));
    }
  }

  private PartyKeys newParty(String name, Path keys, SecureRandom random) {
    PartyKeys party = PartyKeys.generate(PartyId.of(name), random);
    KeyFiles.Written written = KeyFiles.create(party, keys);
    if (step == 0) {
      heading("Each party makes its own keys (Ed25519 to sign, X25519 to receive sealed data)");
    }
    say(name + ": " + keys.relativize(written.keyFile()) + " (private, mode 0600) and " + keys.relativize(written.publicFile()));
    return party;
  }

  void refused(String attempt, Supplier<?> action) {
    try {
      action.get();
      throw new IllegalStateException("the server accepted: " + attempt);
    } catch (CleanroomException e) {
      say("refused: " + attempt + "\n      -> " + e.code() + ": " + firstLine(e.getMessage()));
    }
  }

  private void refused(String attempt, Runnable action) {
    refused(attempt, () -> {
      action.run();
      return null;
    });
  }

  private static String firstLine(String message) {
    String line = message.lines().findFirst().orElse("");
    return line.length() > 220 ? line.substring(0, 220) + "..." : line;
  }

  private static String shortId(ProposalId id) {
    return id.value().substring(0, 12) + "...";
  }

  void heading(String text) {
    step++;
    out.println();
    out.println(step + ". " + text);
    out.flush();
  }

  void say(String text) {
    out.println("   " + text);
    out.flush();
  }
}
