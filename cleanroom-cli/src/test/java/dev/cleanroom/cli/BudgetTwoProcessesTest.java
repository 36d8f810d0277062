package dev.cleanroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.protocol.Json;
import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two separate client processes race to spend one party's privacy budget: with a budget for exactly three
 * queries, exactly three run across both, and `budget show` (computed from the verified ledger) agrees.
 */
class BudgetTwoProcessesTest {
  private static final String POLICY = """
      {"table": "customers", "subject": "customer_id", "min_group_size": 5,
       "columns": {"region": ["group_by", "output"], "income": ["aggregate"], "customer_id": []},
       "analysts": ["analyst"], "recipients": ["analyst"],
       "dp": {"epsilon_budget": 1.5, "epsilon_per_query": 0.5, "max_contributions": 1, "bounds": {"income": [0, 100000]}}}
      """;

  @TempDir Path directory;

  private String[] connected(String server, String party, String... rest) {
    return CliSteps.connected(directory, server, party, rest);
  }

  private static CliRun ok(CliRun run) {
    return CliSteps.ok(run);
  }

  /** A child JVM running the CLI three times in a row; returns how many of its queries ran. */
  private Process client(String url) throws Exception {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String query = "SELECT region, COUNT(*) AS n FROM customers GROUP BY region";
    String script = String.join(File.pathSeparator, classPath);
    List<String> command = List.of(java, "-cp", script, QueryLoop.class.getName(), url,
        directory.resolve("analyst.key").toString(), query);
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  @Test
  void budgetForThree_twoProcessesRacing_exactlyThreeRun() throws Exception {
    for (String party : List.of("bank", "analyst")) {
      ok(CliRun.of("keys", "new", party, "--dir", directory.toString()));
    }
    StringBuilder csv = new StringBuilder("customer_id,region,income\n");
    for (int i = 0; i < 400; i++) {
      csv.append(i).append(',').append(i % 2 == 0 ? "EU" : "US").append(',').append(1000 + i).append('\n');
    }
    Path file = Files.writeString(directory.resolve("customers.csv"), csv);
    Path policy = Files.writeString(directory.resolve("customers.policy.json"), POLICY);
    try (CleanroomServer server = CleanroomServer.start(ServerConfig.defaults(directory.resolve("roomdata")))) {
      String url = server.url();
      String founding = ok(CliRun.of("room", "create", "--server", url, "--as", directory.resolve("bank.key").toString(),
          "--name", "offers", "--member", directory.resolve("bank.pub").toString(),
          "--member", directory.resolve("analyst.pub").toString())).firstLine().strip();
      for (String party : List.of("bank", "analyst")) {
        ok(CliRun.of(connected(url, party, "vote", "--proposal", founding, "--accept")));
      }
      String dataset = ok(CliRun.of(connected(url, "bank", "dataset", "publish", "--table", "customers",
          "--file", file.toString(), "--policy", policy.toString()))).firstLine().strip();
      for (String party : List.of("bank", "analyst")) {
        ok(CliRun.of(connected(url, party, "vote", "--proposal", dataset, "--accept")));
      }
      String measurement = server.runtime().report().measurement();
      Path accept = Files.writeString(directory.resolve("accept.json"),
          "{\"actions\": [{\"action\": \"accept_measurement\", \"measurement\": \"" + measurement + "\"}]}");
      String proposal = ok(CliRun.of(connected(url, "analyst", "propose", accept.toString()))).firstLine().strip();
      for (String party : List.of("bank", "analyst")) {
        ok(CliRun.of(connected(url, party, "vote", "--proposal", proposal, "--accept")));
      }
      ok(CliRun.of(connected(url, "bank", "dataset", "release-key", "--table", "customers")));

      Process first = client(url);
      Process second = client(url);
      assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      int ran = ranBy(first) + ranBy(second);

      assertThat(ran).isEqualTo(3);
      var budgets = Json.parse(ok(CliRun.of(connected(url, "bank", "budget", "show", "--json"))).out(), "budgets");
      var analyst = budgets.path("budgets").findValues("party").indexOf(Json.parse("\"analyst\"", "p"));
      assertThat(budgets.path("budgets").get(analyst).path("epsilon_spent").asText()).isEqualTo("1.5");
      assertThat(budgets.path("budgets").get(analyst).path("epsilon_remaining").asText()).isEqualTo("0");
      assertThat(ok(CliRun.of(connected(url, "bank", "budget", "show"))).out()).contains("analyst").contains("customers");
      assertThat(ok(CliRun.of(connected(url, "bank", "audit", "verify"))).out()).contains("queries: 3 ran, 3 refused");
    }
  }

  /** The count the child prints last (the CLI prints each run id before it). */
  private static int ranBy(Process process) throws Exception {
    List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
    return Integer.parseInt(lines.get(lines.size() - 1).strip());
  }

  /** The child process: three query runs through the CLI; prints how many ran. */
  public static final class QueryLoop {
    public static void main(String[] args) {
      int ran = 0;
      for (int i = 0; i < 3; i++) {
        int code = Main.commandLine().execute("query", "run", "--server", args[0], "--room", "offers", "--as", args[1],
            "--sql", args[2]);
        ran += code == 0 ? 1 : 0;
      }
      System.out.println(ran);
      System.exit(0);
    }
  }
}
