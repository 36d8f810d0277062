package dev.cleanroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's dataset steps through the real CLI: publish, attest, accept the measurement, release, list. */
class CliDatasetWalkthroughTest {
  private static final String POLICY = """
      {"table": "customers", "subject": "customer_id", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "age_band": ["group_by", "output"],
                   "region": ["group_by", "filter", "output"], "income": ["aggregate"],
                   "churn_score": [], "customer_id": []},
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

  @Test
  void walkthrough_publishAttestReleaseList() throws Exception {
    for (String party : List.of("bank", "merchant", "analyst")) {
      ok(CliRun.of("keys", "new", party, "--dir", directory.toString()));
    }
    Path csv = directory.resolve("customers.csv");
    StringBuilder rows = new StringBuilder("customer_id,email_hash,age_band,region,income,churn_score\n");
    for (int i = 0; i < 200; i++) {
      rows.append(i).append(",cellvalue").append(31_337 + i).append(",25-34,EU,").append(1000 + i).append(",0.5\n");
    }
    Files.writeString(csv, rows);
    Path policy = Files.writeString(directory.resolve("customers.policy.json"), POLICY);

    try (CleanroomServer server = CleanroomServer.start(ServerConfig.defaults(directory.resolve("roomdata")))) {
      String url = server.url();
      String founding = ok(CliRun.of("room", "create", "--server", url, "--as", directory.resolve("bank.key").toString(),
          "--name", "offers", "--member", directory.resolve("bank.pub").toString(),
          "--member", directory.resolve("merchant.pub").toString(), "--member", directory.resolve("analyst.pub").toString()))
          .firstLine().strip();
      acceptByAll(url, founding);

      CliRun publish = ok(CliRun.of(connected(url, "bank", "dataset", "publish", "--table", "customers",
          "--file", csv.toString(), "--policy", policy.toString())));
      String datasetProposal = publish.firstLine().strip();
      assertThat(datasetProposal).matches("[0-9a-f]{64}");
      assertThat(publish.err()).contains("upload [").contains("published 'customers': 200 rows");
      assertThat(directory.resolve("bank.datasets/offers/customers.json")).exists();
      acceptByAll(url, datasetProposal);

      CliRun attest = ok(CliRun.of(connected(url, "bank", "runtime", "attest")));
      assertThat(attest.out()).contains("SIMULATED").contains("signature:     valid").contains("NOT accepted");
      JsonNode report = Json.parse(ok(CliRun.of("runtime", "attest", "--server", url, "--json")).out(), "attest");
      String measurement = report.path("report").path("measurement").asText();
      assertThat(report.path("simulated").asBoolean()).isTrue();

      CliRun refused = CliRun.of(connected(url, "bank", "dataset", "release-key", "--table", "customers"));
      assertThat(refused.exitCode()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(refused.err()).contains("is not accepted by contract").contains("refusal recorded in ledger entry");

      Path accept = Files.writeString(directory.resolve("accept.json"),
          "{\"actions\": [{\"action\": \"accept_measurement\", \"measurement\": \"" + measurement + "\"}]}");
      acceptByAll(url, ok(CliRun.of(connected(url, "analyst", "propose", accept.toString()))).firstLine().strip());

      CliRun release = ok(CliRun.of(connected(url, "bank", "dataset", "release-key", "--table", "customers")));
      assertThat(release.out()).contains("released key of 'customers'").contains("200 rows");
      assertThat(release.err()).contains("SIMULATED");

      CliRun list = ok(CliRun.of(connected(url, "merchant", "dataset", "list")));
      assertThat(list.out()).contains("customers").contains("bank").contains("200").containsPattern("yes\\s+yes");
      CliRun audit = ok(CliRun.of(connected(url, "analyst", "audit", "verify")));
      assertThat(audit.out()).contains("key releases: 1 released, 1 refused");
    }
  }

  @Test
  void publish_malformedCsv_exitNonZeroNamingTheRow() throws Exception {
    for (String party : List.of("bank", "merchant")) {
      ok(CliRun.of("keys", "new", party, "--dir", directory.toString()));
    }
    Path csv = Files.writeString(directory.resolve("customers.csv"),
        "customer_id,email_hash,age_band,region,income,churn_score\n1,a,25-34,EU,10,0.5\n2,b,25-34\n");
    Path policy = Files.writeString(directory.resolve("customers.policy.json"), POLICY.replace("\"analyst\"", "\"merchant\""));
    try (CleanroomServer server = CleanroomServer.start(ServerConfig.defaults(directory.resolve("roomdata")))) {
      String url = server.url();
      String founding = ok(CliRun.of("room", "create", "--server", url, "--as", directory.resolve("bank.key").toString(),
          "--name", "offers", "--member", directory.resolve("bank.pub").toString(),
          "--member", directory.resolve("merchant.pub").toString())).firstLine().strip();
      for (String party : List.of("bank", "merchant")) {
        ok(CliRun.of(connected(url, party, "vote", "--proposal", founding, "--accept")));
      }

      CliRun publish = CliRun.of(connected(url, "bank", "dataset", "publish", "--table", "customers",
          "--file", csv.toString(), "--policy", policy.toString()));

      assertThat(publish.exitCode()).isEqualTo(Main.EXIT_FAILURE);
      assertThat(publish.err().strip()).contains("customers.csv row 2").contains("has 3 values").doesNotContain("\n");
      assertThat(directory.resolve("roomdata/rooms/offers/blobs")).doesNotExist();
    }
  }
}
