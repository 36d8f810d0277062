package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.LedgerAudit;
import dev.cleanroom.protocol.QueryRun;
import dev.cleanroom.protocol.ResultDocument;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.SignedEnvelope;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Policy-checked queries end to end over real HTTP: run, refuse, suppress, seal, fetch, and the ledger record. */
class QueryRunTest {
  private static final String SPEND_BY_AGE = "SELECT c.age_band, COUNT(*) AS purchases, SUM(p.amount) AS spend "
      + "FROM customers c JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.age_band";

  @TempDir Path data;
  @TempDir Path owner;

  private RoomFixture room;
  private Path customersCsv;
  private Path purchasesCsv;
  private DatasetKeyStore bankKeys;
  private DatasetKeyStore merchantKeys;

  @BeforeEach
  void start() throws Exception {
    room = new RoomFixture(data).withActiveRoom();
    bankKeys = new DatasetKeyStore(owner.resolve("bank.datasets"));
    merchantKeys = new DatasetKeyStore(owner.resolve("merchant.datasets"));
    customersCsv = owner.resolve("customers.csv");
    purchasesCsv = owner.resolve("purchases.csv");
    Datasets.writeCustomers(customersCsv, 300);
    Datasets.writePurchases(purchasesCsv, 300);
    Datasets.publishCustomers(room, customersCsv, bankKeys);
    Datasets.publishPurchases(room, purchasesCsv, merchantKeys);
    Datasets.acceptRuntime(room);
  }

  @AfterEach
  void stop() {
    room.close();
  }

  private void releaseBoth() {
    new KeyReleaser(room.bank, bankKeys).release(RoomFixture.ROOM, "customers", false);
    new KeyReleaser(room.merchant, merchantKeys).release(RoomFixture.ROOM, "purchases", false);
  }

  /** The same SQL on plaintext in a plain DuckDB, with the threshold applied by hand. */
  private List<List<Object>> reference(String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers AS SELECT * FROM read_csv('" + customersCsv + "')");
      statement.execute("CREATE TABLE purchases AS SELECT * FROM read_csv('" + purchasesCsv + "')");
      List<List<Object>> rows = new ArrayList<>();
      try (ResultSet result = statement.executeQuery(sql)) {
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
            Object value = result.getObject(i);
            row.add(value instanceof Number n && !(value instanceof Double) ? (Object) n.longValue() : value);
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  @Test
  void run_joinAcrossParties_sealedToMerchantWithCorrectNumbers() throws Exception {
    releaseBoth();

    QueryClient.Run run = new QueryClient(room.analyst).runSql(RoomFixture.ROOM, SPEND_BY_AGE, List.of(PartyId.of("merchant")));
    ResultDocument result = new QueryClient(room.merchant).result(RoomFixture.ROOM, run.runId());

    List<List<Object>> expected = reference(SPEND_BY_AGE
        + " HAVING COUNT(DISTINCT c.customer_id) >= 5 AND COUNT(DISTINCT p.email_hash) >= 5 ORDER BY 1");
    List<List<Object>> actual = new ArrayList<>(result.table().rows());
    actual.sort((a, b) -> a.get(0).toString().compareTo(b.get(0).toString()));
    assertThat(actual).isEqualTo(expected);
    assertThat(result.table().columns()).extracting(c -> c.name().toLowerCase()).containsExactly("age_band", "purchases", "spend");
    assertThat(run.outcome().tables()).containsExactly("customers", "purchases");
    assertThat(run.outcome().reason()).contains("no differential privacy").contains("can be subtracted");
    assertThat(result.noisy()).isFalse();
    List<String> releasedValues = new ArrayList<>();
    result.table().rows().forEach(row -> releasedValues.add(row.get(2).toString()));
    assertThat(Datasets.filesContaining(data, releasedValues)).as("the operator stores results sealed only").isEmpty();
  }

  @Test
  void result_onlyRecipientsGetIt_othersRefused() {
    releaseBoth();
    QueryClient.Run run = new QueryClient(room.analyst).runSql(RoomFixture.ROOM, SPEND_BY_AGE, List.of(PartyId.of("merchant")));

    assertThatThrownBy(() -> new QueryClient(room.analyst).result(RoomFixture.ROOM, run.runId()))
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("not a recipient");
    assertThatThrownBy(() -> new QueryClient(room.bank).result(RoomFixture.ROOM, run.runId()))
        .hasMessageContaining("not a recipient");
  }

  @Test
  void run_hiddenColumnInOutput_refusedNamingColumnAndRecorded() {
    releaseBoth();

    assertThatThrownBy(() -> new QueryClient(room.analyst).runSql(RoomFixture.ROOM,
            "SELECT region, SUM(churn_score) FROM customers GROUP BY region", List.of()))
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("query refused")
        .hasMessageContaining("churn_score");

    List<RoomLedgerState.RunRecord> runs = room.bank.verifiedState(RoomFixture.ROOM).runs();
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).outcome().ran()).isFalse();
    assertThat(runs.get(0).request().sql()).hasValueSatisfying(sql -> assertThat(sql).contains("churn_score"));
  }

  @Test
  void run_recipientNotAllowedByPolicy_refused() {
    releaseBoth();

    assertThatThrownBy(() -> new QueryClient(room.analyst).runSql(RoomFixture.ROOM, SPEND_BY_AGE, List.of(PartyId.of("bank"))))
        .hasMessageContaining("may not receive results");
  }

  @Test
  void run_beforeKeysReleased_refused() {
    assertThatThrownBy(() -> new QueryClient(room.analyst).runSql(RoomFixture.ROOM, SPEND_BY_AGE, List.of()))
        .hasMessageContaining("does not hold the key of dataset");
  }

  @Test
  void restart_tablesGoneUntilReleasedAgain() {
    releaseBoth();
    room.restart();

    assertThatThrownBy(() -> new QueryClient(room.analyst).runSql(RoomFixture.ROOM, SPEND_BY_AGE, List.of()))
        .hasMessageContaining("does not hold the key");
    releaseBoth();
    assertThat(new QueryClient(room.analyst).runSql(RoomFixture.ROOM, SPEND_BY_AGE, List.of()).outcome().ran()).isTrue();
  }

  @Test
  void template_runsExactlyAsVotedWithTypedParameters() {
    releaseBoth();
    String sql = "SELECT c.age_band, SUM(p.amount) AS spend FROM customers c JOIN purchases p "
        + "ON c.email_hash = p.email_hash WHERE c.region = :region GROUP BY c.age_band";
    QueryClient analyst = new QueryClient(room.analyst);
    Datasets.acceptByAll(room, analyst.proposeTemplate(RoomFixture.ROOM, "spend_by_segment", sql,
        Map.of("region", ColumnType.VARCHAR), "spend per age band in one region").proposal());

    QueryClient.Run run = new QueryClient(room.merchant).runTemplate(RoomFixture.ROOM, "spend_by_segment",
        Map.of("region", "US"), List.of());
    assertThat(run.outcome().ran()).isTrue();
    assertThat(new QueryClient(room.merchant).result(RoomFixture.ROOM, run.runId()).table().rows()).isNotEmpty();

    // Bound as a value, never spliced into the SQL: the "injection" is just a region no customer has.
    QueryClient.Run injected = analyst.runTemplate(RoomFixture.ROOM, "spend_by_segment", Map.of("region", "US' OR '1'='1"), List.of());
    assertThat(injected.outcome().rows()).isZero();
    QueryRun forged = new QueryRun(RoomFixture.ROOM, PartyId.of("analyst"), Optional.empty(), Optional.of("spend_by_segment"),
        Optional.of("00".repeat(32)), Map.of("region", "US"), List.of(), "ab".repeat(16));
    byte[] body = Json.bytes(SignedEnvelope.sign(room.analystKeys, forged.toJson()).toJson());
    assertThat(room.analyst.send("POST", "/rooms/offers/runs", body).path("reason").asText())
        .contains("runs only exactly as voted");
  }

  @Test
  void ledger_recordsRunsAndAuditPasses() {
    releaseBoth();
    QueryClient.Run run = new QueryClient(room.analyst).runSql(RoomFixture.ROOM, SPEND_BY_AGE, List.of());

    LedgerAudit.Report report = LedgerAudit.verify(RoomFixture.ROOM, room.bank.ledger(RoomFixture.ROOM));
    RoomLedgerState.RunRecord record = room.bank.verifiedState(RoomFixture.ROOM).run(run.runId()).orElseThrow();

    assertThat(report.entries()).isGreaterThan(record.entryIndex());
    assertThat(record.outcome().resultSha256()).isPresent();
    assertThat(record.request().sql()).contains(SPEND_BY_AGE);
  }
}
