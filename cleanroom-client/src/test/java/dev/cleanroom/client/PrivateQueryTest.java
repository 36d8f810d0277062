package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.LedgerAudit;
import dev.cleanroom.protocol.PrivacyBudgets;
import dev.cleanroom.protocol.ResultDocument;
import dev.cleanroom.protocol.RoomLedgerState;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Differentially private queries over real HTTP: noisy results, budgets spent exactly, and the ledger's account. */
class PrivateQueryTest {
  private static final RoomId ROOM = RoomFixture.ROOM;
  static final String DP_POLICY = """
      {"table": "customers", "subject": "customer_id", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "age_band": ["group_by", "output"],
                   "region": ["group_by", "filter", "output"], "income": ["aggregate"],
                   "churn_score": [], "customer_id": []},
       "analysts": ["analyst", "merchant"], "recipients": ["merchant", "analyst"],
       "dp": {"epsilon_budget": 3.0, "epsilon_per_query": 1.0, "max_contributions": 1,
              "bounds": {"income": [0, 300000]}}}
      """;
  private static final String VISITS_POLICY = """
      {"table": "visits", "subject": "person", "min_group_size": 5,
       "columns": {"person": [], "region": ["group_by", "output"], "amount": ["aggregate"]},
       "analysts": ["analyst"], "recipients": ["analyst"],
       "dp": {"epsilon_budget": 3.0, "epsilon_per_query": 1.0, "max_contributions": 1,
              "bounds": {"amount": [0, 10]}}}
      """;
  private static final String BY_REGION = "SELECT region, COUNT(*) AS n, SUM(income) AS total FROM customers GROUP BY region";

  @TempDir Path data;
  @TempDir Path owner;

  private RoomFixture room;

  @BeforeEach
  void start() throws Exception {
    room = new RoomFixture(data).withActiveRoom();
    DatasetKeyStore keys = new DatasetKeyStore(owner.resolve("bank.datasets"));
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 3000);
    DatasetPublisher.Published published = new DatasetPublisher(room.bank, keys).publish(ROOM, "customers",
        TableSource.open(csv, null), DatasetCodec.policy(Json.parse(DP_POLICY, "policy"), "policy"), Optional.empty(),
        DatasetPublisher.Progress.NONE);
    Datasets.acceptByAll(room, published.proposal().proposal());
    Datasets.acceptRuntime(room);
    new KeyReleaser(room.bank, keys).release(ROOM, "customers", false);
  }

  @AfterEach
  void stop() {
    room.close();
  }

  private BigDecimal spent(String party) {
    RoomLedgerState state = room.bank.verifiedState(ROOM);
    return state.budgets().accounts(state.governance().orElseThrow().contract()).stream()
        .filter(a -> a.party().equals(PartyId.of(party))).findFirst().map(PrivacyBudgets.Account::epsilonSpent).orElseThrow();
  }

  @Test
  void run_dpTable_noisyResultSaysSoAndChargesTheRecipient() {
    QueryClient.Run run = new QueryClient(room.analyst).runSql(ROOM, BY_REGION, List.of());
    ResultDocument result = new QueryClient(room.analyst).result(ROOM, run.runId());

    assertThat(run.outcome().noisy()).isTrue();
    assertThat(result.noisy()).isTrue();
    assertThat(result.epsilonSpent()).contains("1");
    assertThat(run.outcome().reason()).contains("differential privacy");
    assertThat(result.table().rows()).hasSize(2);
    for (List<Object> row : result.table().rows()) {
      long exact = row.get(0).equals("EU") ? 1000 : 2000;
      assertThat((Long) row.get(1)).isBetween(exact - 60, exact + 60);
    }
    assertThat(spent("analyst")).isEqualByComparingTo("1");
    assertThat(spent("merchant")).isEqualByComparingTo("0");
  }

  @Test
  void run_tableWithThreeRowsPerPerson_eachPersonCountedOnce() throws Exception {
    // Every person has three visits; with max_contributions 1 a count of visits must come out near the number of
    // people, not three times it, however the runtime bounds them (here from its bounded copy of the table).
    Path csv = owner.resolve("visits.csv");
    StringBuilder rows = new StringBuilder("person,region,amount\n");
    for (int person = 0; person < 2000; person++) {
      for (int visit = 0; visit < 3; visit++) {
        rows.append("p").append(person).append(',').append(person % 2 == 0 ? "EU" : "US").append(',').append(visit)
            .append('\n');
      }
    }
    java.nio.file.Files.writeString(csv, rows.toString(), StandardCharsets.UTF_8);
    DatasetKeyStore keys = new DatasetKeyStore(owner.resolve("merchant.datasets"));
    DatasetPublisher.Published published = new DatasetPublisher(room.merchant, keys).publish(ROOM, "visits",
        TableSource.open(csv, null), DatasetCodec.policy(Json.parse(VISITS_POLICY, "policy"), "policy"),
        Optional.empty(), DatasetPublisher.Progress.NONE);
    Datasets.acceptByAll(room, published.proposal().proposal());
    new KeyReleaser(room.merchant, keys).release(ROOM, "visits", false);

    QueryClient.Run run = new QueryClient(room.analyst).runSql(ROOM,
        "SELECT region, COUNT(*) AS visits, SUM(amount) AS total FROM visits GROUP BY region", List.of());
    ResultDocument result = new QueryClient(room.analyst).result(ROOM, run.runId());

    assertThat(run.outcome().noisy()).isTrue();
    assertThat(room.server.confidentialRuntime().engine(ROOM).tables()).as("the runtime bounded the visits once, for the release")
        .contains("__dp_bounded_1_visits");
    assertThat(result.table().rows()).hasSize(2);
    for (List<Object> row : result.table().rows()) {
      // 1,000 people per region; the count's noise has scale 3 at epsilon 1/3.
      assertThat((Long) row.get(1)).as("visits in %s", row.get(0)).isBetween(900L, 1100L);
    }
  }

  @Test
  void run_budgetAllowsThree_fourthRefusedAndRecorded() {
    QueryClient analyst = new QueryClient(room.analyst);
    for (int i = 0; i < 3; i++) {
      analyst.runSql(ROOM, BY_REGION, List.of());
    }

    assertThatThrownBy(() -> analyst.runSql(ROOM, BY_REGION, List.of()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("privacy budget exhausted")
        .hasMessageContaining("spent 3 of its epsilon budget 3");
    RoomLedgerState state = room.bank.verifiedState(ROOM);
    assertThat(state.runs()).hasSize(4);
    assertThat(state.runs().get(3).outcome().ran()).isFalse();
    assertThat(spent("analyst")).isEqualByComparingTo("3");
    assertThat(new QueryClient(room.merchant).runSql(ROOM, BY_REGION, List.of()).outcome().ran())
        .as("each party has its own budget").isTrue();
  }

  @Test
  void run_manyConcurrentQueries_exactlyTheBudgetRuns() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        Callable<Boolean> query = () -> {
          try {
            return new QueryClient(room.analyst).runSql(ROOM, BY_REGION, List.of()).outcome().ran();
          } catch (CleanroomException e) {
            return false;
          }
        };
        results.add(pool.submit(query));
      }
      int ran = 0;
      for (Future<Boolean> result : results) {
        ran += result.get() ? 1 : 0;
      }
      assertThat(ran).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
    assertThat(spent("analyst")).isEqualByComparingTo("3");
    assertThat(room.bank.verifiedState(ROOM).runs()).hasSize(12);
  }

  @Test
  void run_minInDpMode_refused() {
    assertThatThrownBy(() -> new QueryClient(room.analyst).runSql(ROOM,
            "SELECT region, MIN(income) FROM customers GROUP BY region", List.of()))
        .hasMessageContaining("query refused");
    assertThat(spent("analyst")).isEqualByComparingTo("0");
  }

  @Test
  void audit_runRecordedAsSpendingMoreThanTheBudget_fails() {
    QueryClient analyst = new QueryClient(room.analyst);
    analyst.runSql(ROOM, BY_REGION, List.of());
    List<byte[]> ledger = new ArrayList<>(room.bank.ledger(ROOM));
    int last = ledger.size() - 1;
    String entry = new String(ledger.get(last), StandardCharsets.UTF_8);
    assertThat(entry).contains("\"type\":\"query_run\"").contains("\"epsilon\":\"1\"");
    ledger.set(last, entry.replace("\"epsilon\":\"1\"", "\"epsilon\":\"7\"").getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> LedgerAudit.verify(ROOM, ledger))
        .hasMessageContaining("entry " + last)
        .hasMessageContaining("spends more privacy budget than the policy allows");
    assertThat(Base64.getEncoder().encodeToString(ledger.get(0))).isNotEmpty();
  }
}
