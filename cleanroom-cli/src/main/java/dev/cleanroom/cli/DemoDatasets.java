package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.DatasetKeyStore;
import dev.cleanroom.client.DatasetPublisher;
import dev.cleanroom.client.KeyReleaser;
import dev.cleanroom.client.TableSource;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.protocol.AttestationReports;
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
import java.util.Random;
import java.util.stream.Stream;

/** The demo's dataset chapters: publishing encrypted tables, attestation, and key release. */
final class DemoDatasets {
  private static final String CUSTOMERS_POLICY = """
      {"table": "customers", "subject": "customer_id", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "age_band": ["group_by", "output"],
                   "region": ["group_by", "filter", "output"], "income": ["aggregate"],
                   "churn_score": [], "customer_id": []},
       "aggregate_functions": {"income": ["MIN", "MAX"]},
       "analysts": ["analyst"], "recipients": ["merchant", "analyst"]}
      """;
  private static final String PURCHASES_POLICY = """
      {"table": "purchases", "subject": "email_hash", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "category": ["group_by", "output"], "amount": ["aggregate"]},
       "analysts": ["analyst"], "recipients": ["merchant", "analyst"]}
      """;

  private final Demo story;
  private final Path directory;
  private final RoomId room;
  private final List<String> bankCells = new ArrayList<>();
  private DatasetKeyStore merchantKeys;

  DemoDatasets(Demo story, Path directory, RoomId room) {
    this.story = story;
    this.directory = directory;
    this.room = room;
  }

  /** The bank and the merchant publish a table each; returns the bank's key store. */
  DatasetKeyStore publish(CleanroomClient bank, CleanroomClient merchant, CleanroomClient analyst, Path roomData)
      throws IOException {
    story.heading("The bank publishes its 'customers' table: encrypted on its side, only ciphertext is uploaded");
    Path customers = writeCustomers(directory.resolve("customers.csv"), 1000);
    Files.writeString(directory.resolve("customers.policy.json"), CUSTOMERS_POLICY);
    DatasetKeyStore bankKeys = new DatasetKeyStore(directory.resolve("keys").resolve("bank.datasets"));
    DatasetPublisher.Published published = new DatasetPublisher(bank, bankKeys).publish(room, "customers",
        TableSource.open(customers, null), policy(CUSTOMERS_POLICY), Optional.empty(), DatasetPublisher.Progress.NONE);
    DatasetManifest manifest = published.manifest();
    story.say("customers.csv: " + manifest.rows() + " rows, schema inferred " + schema(manifest) + ";");
    story.say("encrypted with a fresh data key (AES-256-GCM, 1 MiB chunks bound to the dataset id), "
        + manifest.ciphertextBytes() + " bytes uploaded, key kept in keys/bank.datasets/");
    story.say("bank accepts -> " + bank.vote(room, published.proposal().proposal(), Vote.ACCEPT).state());
    story.say("merchant accepts -> " + merchant.vote(room, published.proposal().proposal(), Vote.ACCEPT).state()
        + " (majority, and the owner has accepted)");
    story.say("the operator's directory holds " + countPlaintextHits(roomData) + " of the table's "
        + bankCells.size() + " distinctive cell values (it stores ciphertext and signed entries only)");

    story.heading("The merchant publishes its 'purchases' table the same way");
    Path purchases = writePurchases(directory.resolve("purchases.csv"), 3000);
    Files.writeString(directory.resolve("purchases.policy.json"), PURCHASES_POLICY);
    merchantKeys = new DatasetKeyStore(directory.resolve("keys").resolve("merchant.datasets"));
    DatasetPublisher.Published merchantTable = new DatasetPublisher(merchant, merchantKeys).publish(room, "purchases",
        TableSource.open(purchases, null), policy(PURCHASES_POLICY), Optional.empty(), DatasetPublisher.Progress.NONE);
    story.say("purchases.csv: " + merchantTable.manifest().rows() + " rows " + schema(merchantTable.manifest()));
    story.say("merchant accepts -> " + merchant.vote(room, merchantTable.proposal().proposal(), Vote.ACCEPT).state());
    story.say("analyst accepts -> " + analyst.vote(room, merchantTable.proposal().proposal(), Vote.ACCEPT).state());

    story.heading("The analyst tries to make the bank's 'income' column visible; majority rule cannot override the owner");
    DatasetManifest widened = new DatasetManifest(manifest.table(), manifest.owner(), manifest.datasetId(),
        manifest.encryption(), manifest.schema(), manifest.rows(), manifest.plaintextBytes(), manifest.ciphertextBytes(),
        manifest.ciphertextSha256(), policy(CUSTOMERS_POLICY.replace("\"income\": [\"aggregate\"]", "\"income\": [\"aggregate\", \"output\"]")));
    Extension grab = new Extension(DatasetManifest.KIND, "customers", Json.text(DatasetCodec.manifest(widened)),
        java.util.Set.of(manifest.owner()));
    ProposalId grabbed = analyst.propose(room, List.of(new Action.SetExtension(grab))).proposal();
    story.say("analyst accepts -> " + analyst.vote(room, grabbed, Vote.ACCEPT).state());
    story.say("merchant accepts -> " + merchant.vote(room, grabbed, Vote.ACCEPT).state()
        + " (a majority, but the data owner has not accepted)");
    story.say("bank rejects -> " + bank.vote(room, grabbed, Vote.REJECT).state());
    return bankKeys;
  }

  /** Attestation, a refused release, the measurement vote, and the release. */
  void releaseKeys(CleanroomClient bank, CleanroomClient merchant, CleanroomClient analyst, DatasetKeyStore bankKeys) {
    story.heading("The bank inspects the runtime's attestation report");
    JsonNode runtime = bank.runtime();
    var report = AttestationReports.fromJson(runtime.path("attestation"), "report");
    story.say("platform " + report.platform() + ", measurement " + report.measurement().substring(0, 24) + "...");
    story.say("report data binds the runtime's signing and sealing keys; signature verified");
    story.say("!! " + runtime.path("warning").asText());

    story.heading("The bank tries to release its key before the room accepts that measurement");
    story.refused("release of 'customers' to a runtime whose measurement the contract does not accept",
        () -> new KeyReleaser(bank, bankKeys).release(room, "customers", false));

    story.heading("The members accept the runtime's measurement (it could receive every owner's key, so every owner must agree)");
    ProposalId accept = merchant.propose(room, List.of(new Action.AcceptMeasurement(report.measurement()))).proposal();
    story.say("merchant accepts -> " + merchant.vote(room, accept, Vote.ACCEPT).state());
    story.say("analyst accepts -> " + analyst.vote(room, accept, Vote.ACCEPT).state() + " (a majority, but the bank owns data too)");
    story.say("bank accepts -> " + bank.vote(room, accept, Vote.ACCEPT).state());

    story.heading("The bank releases its data key, sealed (HPKE) to the runtime's attested X25519 key");
    KeyReleaser.Released released = new KeyReleaser(bank, bankKeys).release(room, "customers", false);
    story.say("runtime: " + released.reason() + " (ledger entry " + released.entry() + ")");
    KeyReleaser.Released merchantReleased = new KeyReleaser(merchant, merchantKeys).release(room, "purchases", false);
    story.say("the merchant does the same for 'purchases': " + merchantReleased.reason());
    for (JsonNode dataset : bank.datasets(room).path("datasets")) {
      story.say(String.format("%-10s owner %-9s %5d rows  key held by runtime: %s", dataset.path("table").asText(),
          dataset.path("owner").asText(), dataset.path("rows").asLong(), dataset.path("key_held").asBoolean() ? "yes" : "no"));
    }
    story.say("(the key lives in the runtime's memory only: a restarted runtime holds none until owners release again)");
  }

  private static DatasetPolicy policy(String json) {
    return DatasetCodec.policy(Json.parse(json, "policy"), "policy");
  }

  private static String schema(DatasetManifest manifest) {
    StringBuilder text = new StringBuilder("(");
    manifest.schema().forEach(c -> text.append(text.length() > 1 ? ", " : "").append(c.name()).append(' ').append(c.type()));
    return text.append(')').toString();
  }

  private Path writeCustomers(Path file, int rows) throws IOException {
    Random random = new Random(7);
    String[] bands = {"18-24", "25-34", "35-44", "45-54", "55-64"};
    String[] regions = {"EU", "US", "APAC"};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("customer_id,email_hash,age_band,region,income,churn_score\n");
      for (int i = 0; i < rows; i++) {
        String email = emailHash(i);
        out.write((100_000 + i) + "," + email + "," + bands[random.nextInt(bands.length)] + ","
            + regions[random.nextInt(regions.length)] + "," + (20_000 + random.nextInt(180_000)) + ","
            + String.format("%.4f", random.nextDouble()) + "\n");
        bankCells.add(email);
      }
    }
    return file;
  }

  private static Path writePurchases(Path file, int rows) throws IOException {
    Random random = new Random(11);
    String[] categories = {"grocery", "travel", "electronics", "fashion"};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("email_hash,category,amount\n");
      for (int i = 0; i < rows; i++) {
        String category = random.nextInt(1000) < 5 ? "jewellery" : categories[random.nextInt(categories.length)];
        out.write(emailHash(random.nextInt(1500)) + "," + category + ","
            + String.format("%.2f", 5 + random.nextDouble() * 400) + "\n");
      }
    }
    return file;
  }

  private static String emailHash(int customer) {
    return dev.cleanroom.crypto.Hashes.sha256Hex(("customer" + customer + "@example.org").getBytes(StandardCharsets.UTF_8))
        .substring(0, 24);
  }

  private int countPlaintextHits(Path roomData) throws IOException {
    int hits = 0;
    try (Stream<Path> files = Files.walk(roomData)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        for (String cell : bankCells) {
          if (content.contains(cell)) {
            hits++;
          }
        }
      }
    }
    return hits;
  }
}
