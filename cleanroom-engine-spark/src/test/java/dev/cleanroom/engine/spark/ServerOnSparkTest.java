package dev.cleanroom.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.DatasetKeyStore;
import dev.cleanroom.client.DatasetPublisher;
import dev.cleanroom.client.KeyReleaser;
import dev.cleanroom.client.QueryClient;
import dev.cleanroom.client.TableSource;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.PartyKeys;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.ResultDocument;
import dev.cleanroom.runtime.engine.EngineOptions;
import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server chosen with {@code --engine spark}: found through the engine SPI, datasets published and released
 * through the real client over HTTP, read by Spark's executors, a policy-checked join answered exactly as on DuckDB.
 * Runs in a JVM of its own (see the module's pom): the server starts and stops its own Spark application.
 */
class ServerOnSparkTest {
  private static final RoomId ROOM = RoomId.of("offers");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String SPEND_BY_AGE = "SELECT c.age_band, COUNT(*) AS purchases, SUM(p.amount) AS spend "
      + "FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band";
  private static final String CUSTOMERS_POLICY = """
      {"table": "customers", "subject": "customer_id", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "age_band": ["group_by", "output"], "customer_id": []},
       "analysts": ["analyst"], "recipients": ["merchant"]}
      """;
  private static final String PURCHASES_POLICY = """
      {"table": "purchases", "subject": "email_hash", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "category": ["group_by", "output"], "amount": ["aggregate"]},
       "analysts": ["analyst"], "recipients": ["merchant"]}
      """;

  @TempDir Path directory;

  /** What one server answered, and how it described itself. */
  private record Answer(String engine, String measurement, List<String> releaseReasons, List<String> columns,
      List<List<Object>> rows) {}

  @Test
  void serve_sparkEngine_answersAsDuckDbWithItsOwnMeasurementAndStopsSparkOnClose() throws IOException {
    Path customers = writeCustomers(directory.resolve("customers.csv"), 120);
    Path purchases = writePurchases(directory.resolve("purchases.csv"), 120);
    ServerConfig duckDb = ServerConfig.defaults(directory.resolve("duckdb"));
    ServerConfig spark = ServerConfig.defaults(directory.resolve("spark"))
        .withEngine(EngineOptions.defaults().withEngine("spark").withMaster("local[2]"));

    Answer onDuckDb = run(duckDb, customers, purchases);
    Answer onSpark = run(spark, customers, purchases);

    assertThat(onSpark.engine()).isEqualTo("spark (spark.master=local[2])");
    assertThat(onSpark.releaseReasons()).allSatisfy(reason -> assertThat(reason).contains("read by engine 'spark'"));
    assertThat(onSpark.columns()).isEqualTo(onDuckDb.columns()).containsExactly("age_band", "purchases", "spend");
    assertThat(onSpark.rows()).isEqualTo(onDuckDb.rows()).hasSize(2);
    assertThat(onSpark.measurement()).as("a contract accepting the DuckDB runtime does not accept it on Spark")
        .isNotEqualTo(onDuckDb.measurement());
    assertThat(SparkSession.getDefaultSession().isEmpty()).as("closing the server stopped Spark").isTrue();
  }

  /** Sets up a room on a fresh server, publishes and releases both tables, runs the join, and stops the server. */
  private Answer run(ServerConfig config, Path customers, Path purchases) {
    PartyKeys bankKeys = PartyKeys.generate(PartyId.of("bank"), RANDOM);
    PartyKeys merchantKeys = PartyKeys.generate(PartyId.of("merchant"), RANDOM);
    PartyKeys analystKeys = PartyKeys.generate(PartyId.of("analyst"), RANDOM);
    try (CleanroomServer server = CleanroomServer.start(config)) {
      CleanroomClient bank = CleanroomClient.connect(server.url(), bankKeys);
      CleanroomClient merchant = CleanroomClient.connect(server.url(), merchantKeys);
      CleanroomClient analyst = CleanroomClient.connect(server.url(), analystKeys);
      List<CleanroomClient> members = List.of(bank, merchant, analyst);
      acceptByAll(members, bank.createRoom(ROOM, List.of(new Action.AddMember(bankKeys.identity()),
          new Action.AddMember(merchantKeys.identity()), new Action.AddMember(analystKeys.identity()))).proposal());
      DatasetKeyStore bankDatasets = new DatasetKeyStore(config.dataDirectory().resolveSibling("bank-keys-" + server.port()));
      DatasetKeyStore merchantDatasets =
          new DatasetKeyStore(config.dataDirectory().resolveSibling("merchant-keys-" + server.port()));
      publish(members, bank, bankDatasets, "customers", customers, CUSTOMERS_POLICY);
      publish(members, merchant, merchantDatasets, "purchases", purchases, PURCHASES_POLICY);
      String measurement = server.runtime().report().measurement();
      acceptByAll(members, merchant.propose(ROOM, List.of(new Action.AcceptMeasurement(measurement))).proposal());

      List<String> reasons = List.of(
          new KeyReleaser(bank, bankDatasets).release(ROOM, "customers", false).reason(),
          new KeyReleaser(merchant, merchantDatasets).release(ROOM, "purchases", false).reason());
      QueryClient.Run run = new QueryClient(analyst).runSql(ROOM, SPEND_BY_AGE, List.of(PartyId.of("merchant")));
      ResultDocument result = new QueryClient(merchant).result(ROOM, run.runId());

      List<List<Object>> rows = new ArrayList<>(result.table().rows());
      rows.sort((a, b) -> a.get(0).toString().compareTo(b.get(0).toString()));
      List<String> columns = result.table().columns().stream().map(c -> c.name().toLowerCase()).toList();
      return new Answer(server.engines().toString(), measurement, reasons, columns, rows);
    }
  }

  private static void publish(List<CleanroomClient> members, CleanroomClient owner, DatasetKeyStore keys, String table,
      Path file, String policy) {
    DatasetPublisher.Published published = new DatasetPublisher(owner, keys).publish(ROOM, table,
        TableSource.open(file, null), DatasetCodec.policy(Json.parse(policy, "policy"), "policy"), Optional.empty(),
        DatasetPublisher.Progress.NONE);
    acceptByAll(members, published.proposal().proposal());
  }

  private static void acceptByAll(List<CleanroomClient> members, ProposalId proposal) {
    members.forEach(member -> member.vote(ROOM, proposal, Vote.ACCEPT));
  }

  private static Path writeCustomers(Path file, int rows) throws IOException {
    StringBuilder csv = new StringBuilder("customer_id,email_hash,age_band\n");
    for (int i = 0; i < rows; i++) {
      csv.append(700_000 + i).append(",mail").append(Integer.toHexString(0x5eed000 + i * 7919)).append(',')
          .append(i % 2 == 0 ? "25-34" : "35-44").append('\n');
    }
    return Files.writeString(file, csv);
  }

  /** Customer i buys (i % 4) + 1 times; amounts end in .5 so sums are exact in any order. */
  private static Path writePurchases(Path file, int customers) throws IOException {
    String[] categories = {"grocery", "travel", "electronics"};
    StringBuilder csv = new StringBuilder("email_hash,category,amount\n");
    for (int i = 0; i < customers; i++) {
      for (int k = 0; k <= i % 4; k++) {
        csv.append("mail").append(Integer.toHexString(0x5eed000 + i * 7919)).append(',')
            .append(categories[(i + k) % 3]).append(',').append(10 + (i * 7 + k) % 90).append(".5\n");
      }
    }
    return Files.writeString(file, csv);
  }
}
