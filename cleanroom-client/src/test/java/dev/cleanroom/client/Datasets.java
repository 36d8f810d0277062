package dev.cleanroom.client;

import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Test tables with distinctive cell values, their policies, and steps that publish and approve them. */
final class Datasets {
  private Datasets() {}

  static final String CUSTOMERS_POLICY = """
      {"table": "customers", "subject": "customer_id", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "age_band": ["group_by", "output"],
                   "region": ["group_by", "filter", "output"], "income": ["aggregate"],
                   "churn_score": [], "customer_id": []},
       "aggregate_functions": {"income": ["MIN", "MAX"]},
       "analysts": ["analyst"], "recipients": ["merchant", "analyst"]}
      """;

  /** Writes {@code rows} customers; every email hash and churn score is unique, so a scan can look for each. */
  static List<String> writeCustomers(Path file, int rows) throws IOException {
    List<String> secrets = new ArrayList<>();
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("customer_id,email_hash,age_band,region,income,churn_score\n");
      for (int i = 0; i < rows; i++) {
        String email = "mailhash" + Integer.toHexString(0x51a7e000 + i * 7919);
        String churn = "0.73" + (100_003 + i);
        out.write((900_000 + i) + "," + email + "," + (i % 2 == 0 ? "25-34" : "35-44") + ","
            + (i % 3 == 0 ? "EU" : "US") + "," + (41_117 + i * 13) + "," + churn + "\n");
        secrets.add(email);
        secrets.add(churn);
      }
    }
    return secrets;
  }

  static final String PURCHASES_POLICY = """
      {"table": "purchases", "subject": "email_hash", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "category": ["group_by", "output"], "amount": ["aggregate"]},
       "analysts": ["analyst"], "recipients": ["merchant", "analyst"]}
      """;

  /** Purchases by the customers {@link #writeCustomers} writes: customer i buys (i % 4) + 1 times. */
  static void writePurchases(Path file, int customers) throws IOException {
    String[] categories = {"grocery", "travel", "electronics"};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("email_hash,category,amount\n");
      for (int i = 0; i < customers; i++) {
        for (int k = 0; k <= i % 4; k++) {
          out.write("mailhash" + Integer.toHexString(0x51a7e000 + i * 7919) + "," + categories[(i + k) % 3] + ","
              + (10 + (i * 7 + k) % 90) + ".5\n");
        }
      }
    }
  }

  /** Publishes {@code purchases} as the merchant and has every member accept it. */
  static DatasetPublisher.Published publishPurchases(RoomFixture room, Path file, DatasetKeyStore keys) {
    DatasetPublisher.Published published = new DatasetPublisher(room.merchant, keys)
        .publish(RoomFixture.ROOM, "purchases", TableSource.open(file, null),
            DatasetCodec.policy(Json.parse(PURCHASES_POLICY, "policy"), "policy"), Optional.empty(), DatasetPublisher.Progress.NONE);
    acceptByAll(room, published.proposal().proposal());
    return published;
  }

  static DatasetPolicy customersPolicy() {
    return DatasetCodec.policy(Json.parse(CUSTOMERS_POLICY, "policy"), "policy");
  }

  /** Publishes {@code customers} as the bank and has every member accept it. */
  static DatasetPublisher.Published publishCustomers(RoomFixture room, Path file, DatasetKeyStore keys) {
    DatasetPublisher.Published published = new DatasetPublisher(room.bank, keys)
        .publish(RoomFixture.ROOM, "customers", TableSource.open(file, null), customersPolicy(), Optional.empty(),
            DatasetPublisher.Progress.NONE);
    acceptByAll(room, published.proposal().proposal());
    return published;
  }

  static void acceptByAll(RoomFixture room, ProposalId proposal) {
    for (CleanroomClient party : List.of(room.bank, room.merchant, room.analyst)) {
      party.vote(RoomFixture.ROOM, proposal, Vote.ACCEPT);
    }
  }

  /** Members accept the measurement of the runtime now serving the room. */
  static void acceptRuntime(RoomFixture room) {
    String measurement = room.server.runtime().report().measurement();
    acceptByAll(room, room.merchant.propose(RoomFixture.ROOM, List.of(new Action.AcceptMeasurement(measurement))).proposal());
  }

  /** Every file under {@code directory} that contains any of {@code needles}, with the needle found. */
  static List<String> filesContaining(Path directory, List<String> needles) throws IOException {
    List<String> hits = new ArrayList<>();
    if (!Files.exists(directory)) {
      return hits;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String needle : needles) {
          if (content.contains(needle)) {
            hits.add(file + " contains '" + needle + "'");
            break;
          }
        }
      }
    }
    return hits;
  }

  static RoomId room() {
    return RoomFixture.ROOM;
  }
}
