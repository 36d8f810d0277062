package dev.cleanroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's query steps through the real CLI: ad-hoc run, refusal, template, results in three formats. */
class CliQueryWalkthroughTest {
  private static final String CUSTOMERS_POLICY = """
      {"table": "customers", "subject": "customer_id", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "age_band": ["group_by", "output"], "region": ["group_by", "filter", "output"],
                   "income": ["aggregate"], "customer_id": []},
       "analysts": ["analyst"], "recipients": ["merchant", "analyst"]}
      """;
  private static final String PURCHASES_POLICY = """
      {"table": "purchases", "subject": "email_hash", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "category": ["group_by", "output"], "amount": ["aggregate"]},
       "analysts": ["analyst"], "recipients": ["merchant", "analyst"]}
      """;

  @TempDir Path directory;

  private String[] connected(String server, String party, String... rest) {
    return CliSteps.connected(directory, server, party, rest);
  }

  private static CliRun ok(CliRun run) {
    return CliSteps.ok(run);
  }

  private void acceptByAll(String url, String proposal) {
    for (String party : List.of("bank", "merchant", "analyst")) {
      ok(CliRun.of(connected(url, party, "vote", "--proposal", proposal, "--accept")));
    }
  }

  private void publish(String url, String party, String table, String csv, String policy) throws Exception {
    Path file = Files.writeString(directory.resolve(table + ".csv"), csv);
    Path policyFile = Files.writeString(directory.resolve(table + ".policy.json"), policy);
    acceptByAll(url, ok(CliRun.of(connected(url, party, "dataset", "publish", "--table", table, "--file", file.toString(),
        "--policy", policyFile.toString()))).firstLine().strip());
  }

  @Test
  void walkthrough_queryTemplateResults() throws Exception {
    for (String party : List.of("bank", "merchant", "analyst")) {
      ok(CliRun.of("keys", "new", party, "--dir", directory.toString()));
    }
    StringBuilder customers = new StringBuilder("customer_id,email_hash,age_band,region,income\n");
    StringBuilder purchases = new StringBuilder("email_hash,category,amount\n");
    for (int i = 0; i < 120; i++) {
      customers.append(i).append(",h").append(i).append(',').append(i % 2 == 0 ? "25-34" : "35-44").append(',')
          .append(i % 3 == 0 ? "EU" : "US").append(',').append(1000 + i).append('\n');
      purchases.append('h').append(i).append(',').append(i % 2 == 0 ? "grocery" : "travel").append(',').append(10 + i).append('\n');
    }
    try (CleanroomServer server = CleanroomServer.start(ServerConfig.defaults(directory.resolve("roomdata")))) {
      String url = server.url();
      String founding = ok(CliRun.of("room", "create", "--server", url, "--as", directory.resolve("bank.key").toString(),
          "--name", "offers", "--member", directory.resolve("bank.pub").toString(),
          "--member", directory.resolve("merchant.pub").toString(), "--member", directory.resolve("analyst.pub").toString()))
          .firstLine().strip();
      acceptByAll(url, founding);
      publish(url, "bank", "customers", customers.toString(), CUSTOMERS_POLICY);
      publish(url, "merchant", "purchases", purchases.toString(), PURCHASES_POLICY);
      String measurement = Json.parse(ok(CliRun.of("runtime", "attest", "--server", url, "--json")).out(), "attest")
          .path("report").path("measurement").asText();
      Path accept = Files.writeString(directory.resolve("accept.json"),
          "{\"actions\": [{\"action\": \"accept_measurement\", \"measurement\": \"" + measurement + "\"}]}");
      acceptByAll(url, ok(CliRun.of(connected(url, "analyst", "propose", accept.toString()))).firstLine().strip());
      ok(CliRun.of(connected(url, "bank", "dataset", "release-key", "--table", "customers")));
      ok(CliRun.of(connected(url, "merchant", "dataset", "release-key", "--table", "purchases")));

      String sql = "SELECT c.age_band, SUM(p.amount) AS spend FROM customers c JOIN purchases p "
          + "ON c.email_hash = p.email_hash GROUP BY c.age_band";
      CliRun run = ok(CliRun.of(connected(url, "analyst", "query", "run", "--sql", sql,
          "--to", directory.resolve("merchant.pub").toString())));
      String runId = run.firstLine().strip();
      assertThat(runId).matches("[0-9a-f]{64}");
      assertThat(run.err()).contains("2 rows released").contains("[merchant]");

      Path csv = directory.resolve("result.csv");
      assertThat(ok(CliRun.of(connected(url, "merchant", "results", "get", "--run", runId, "--out", csv.toString()))).out())
          .contains("wrote 2 rows");
      assertThat(Files.readAllLines(csv)).containsExactlyInAnyOrder("age_band,spend", "25-34,4140", "35-44,4200");
      Path json = directory.resolve("result.json");
      ok(CliRun.of(connected(url, "merchant", "results", "get", "--run", runId, "--out", json.toString(), "--format", "json")));
      JsonNode document = Json.parse(Files.readAllBytes(json), "result");
      assertThat(document.path("rows")).hasSize(2);
      assertThat(document.path("suppressed_rows").asLong()).isZero();
      Path parquet = directory.resolve("result.parquet");
      ok(CliRun.of(connected(url, "merchant", "results", "get", "--run", runId, "--out", parquet.toString(), "--format", "parquet")));
      try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
          ResultSet rows = connection.createStatement().executeQuery(
              "SELECT SUM(spend) FROM read_parquet('" + parquet + "')")) {
        rows.next();
        assertThat(rows.getDouble(1)).isEqualTo(8340.0);
      }
      CliRun stranger = CliRun.of(connected(url, "bank", "results", "get", "--run", runId, "--out", csv.toString()));
      assertThat(stranger.exitCode()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(stranger.err()).contains("not a recipient");

      CliRun refused = CliRun.of(connected(url, "analyst", "query", "run", "--sql", "SELECT income FROM customers"));
      assertThat(refused.exitCode()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(refused.err().strip()).startsWith("cleanroom: query refused").doesNotContain("\n");

      String template = ok(CliRun.of(connected(url, "analyst", "template", "propose", "--name", "spend_by_segment",
          "--sql", "SELECT p.category, COUNT(*) AS n FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
              + " WHERE c.region = :region GROUP BY p.category", "--param", "region=VARCHAR"))).firstLine().strip();
      acceptByAll(url, template);
      CliRun templated = ok(CliRun.of(connected(url, "merchant", "query", "run", "--template", "spend_by_segment",
          "--param", "region=EU", "--json")));
      JsonNode outcome = Json.parse(templated.out(), "run");
      assertThat(outcome.path("ran").asBoolean()).isTrue();
      assertThat(outcome.path("rows").asLong()).isEqualTo(2);

      CliRun audit = ok(CliRun.of(connected(url, "bank", "audit", "verify")));
      assertThat(audit.out()).contains("queries: 2 ran, 1 refused");
    }
  }
}
