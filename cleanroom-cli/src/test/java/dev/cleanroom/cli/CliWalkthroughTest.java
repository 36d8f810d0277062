package dev.cleanroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.server.CleanroomServer;
import dev.cleanroom.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's walk-through, command by command, against a real server. */
class CliWalkthroughTest {
  @TempDir Path directory;

  private String[] connected(String server, String party, String... rest) {
    return CliSteps.connected(directory, server, party, rest);
  }

  @Test
  void walkthrough_keysRoomVotesProposalAuditReceipt() throws Exception {
    for (String party : List.of("bank", "merchant", "analyst")) {
      CliRun keys = CliRun.of("keys", "new", party, "--dir", directory.toString());
      assertThat(keys.exitCode()).as(keys.err()).isZero();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("bank.key")))).isEqualTo("rw-------");
    CliRun again = CliRun.of("keys", "new", "bank", "--dir", directory.toString());
    assertThat(again.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(again.err().strip()).contains("refusing to overwrite").doesNotContain("\n");

    try (CleanroomServer server = CleanroomServer.start(ServerConfig.defaults(directory.resolve("roomdata")))) {
      String url = server.url();
      CliRun create = CliRun.of("room", "create", "--server", url, "--as", directory.resolve("bank.key").toString(),
          "--name", "offers", "--member", directory.resolve("bank.pub").toString(),
          "--member", directory.resolve("merchant.pub").toString(), "--member", directory.resolve("analyst.pub").toString());
      assertThat(create.exitCode()).as(create.err()).isZero();
      String founding = create.firstLine().strip();
      assertThat(founding).matches("[0-9a-f]{64}");
      for (String party : List.of("bank", "merchant", "analyst")) {
        CliRun vote = CliRun.of(connected(url, party, "vote", "--proposal", founding, "--accept"));
        assertThat(vote.exitCode()).as(vote.err()).isZero();
      }
      CliRun contract = CliRun.of(connected(url, "analyst", "contract", "show", "--json"));
      assertThat(Json.parse(contract.out(), "contract").path("version").asLong()).isEqualTo(1);

      Path proposalFile = directory.resolve("majority.json");
      Files.writeString(proposalFile, "{\"actions\": [{\"action\": \"set_constitution\", \"rule\": \"majority\"}]}");
      CliRun propose = CliRun.of(connected(url, "merchant", "propose", proposalFile.toString()));
      assertThat(propose.exitCode()).as(propose.err()).isZero();
      String proposal = propose.firstLine().strip();
      CliRun reject = CliRun.of(connected(url, "analyst", "vote", "--proposal", proposal, "--reject"));
      assertThat(reject.out()).contains("rejected");
      CliRun list = CliRun.of(connected(url, "bank", "proposals", "--json"));
      JsonNode proposals = Json.parse(list.out(), "proposals").path("proposals");
      assertThat(proposals).hasSize(2);
      assertThat(proposals.get(1).path("state").asText()).isEqualTo("rejected");

      Path rootFile = directory.resolve("root.json");
      assertThat(CliRun.of(connected(url, "bank", "audit", "root", "--out", rootFile.toString())).exitCode()).isZero();
      Path receiptFile = directory.resolve("receipt.json");
      CliRun receipt = CliRun.of(connected(url, "merchant", "audit", "receipt", "--entry", "1", "--out", receiptFile.toString()));
      assertThat(receipt.exitCode()).as(receipt.err()).isZero();

      Files.writeString(proposalFile, "{\"actions\": [{\"action\": \"accept_measurement\", \"measurement\": \"" + "ab".repeat(32) + "\"}]}");
      assertThat(CliRun.of(connected(url, "merchant", "propose", proposalFile.toString())).exitCode()).isZero();

      CliRun verify = CliRun.of(connected(url, "analyst", "audit", "verify", "--since", rootFile.toString()));
      assertThat(verify.exitCode()).as(verify.err()).isZero();
      assertThat(verify.out()).contains("is intact").contains("extends the root saved");
      CliRun consistency = CliRun.of(connected(url, "analyst", "audit", "consistency", "--since", rootFile.toString()));
      assertThat(consistency.exitCode()).as(consistency.err()).isZero();
      assertThat(consistency.out()).contains("extends the saved root");
    }

    CliRun offline = CliRun.of("audit", "verify-receipt", directory.resolve("receipt.json").toString());
    assertThat(offline.exitCode()).as(offline.err()).isZero();
    assertThat(offline.out()).contains("receipt is valid");

    JsonNode receipt = Json.parse(Files.readString(directory.resolve("receipt.json")), "receipt");
    byte[] entry = java.util.Base64.getDecoder().decode(receipt.path("entry").asText());
    String changed = new String(entry, java.nio.charset.StandardCharsets.UTF_8).replace("\"seq\":1", "\"seq\":7");
    ((com.fasterxml.jackson.databind.node.ObjectNode) receipt).put("entry",
        java.util.Base64.getEncoder().encodeToString(changed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    Path tampered = directory.resolve("tampered-receipt.json");
    Files.writeString(tampered, Json.pretty(receipt));
    CliRun bad = CliRun.of("audit", "verify-receipt", tampered.toString());
    assertThat(bad.exitCode()).isEqualTo(Main.EXIT_VERIFICATION_FAILED);
    assertThat(bad.err()).contains("NOT valid").contains("inclusion proof");
  }

  @Test
  void everyCommand_help_exitsZeroWithUsage() {
    List<List<String>> commands = List.of(List.of(), List.of("keys"), List.of("keys", "new"), List.of("serve"),
        List.of("room"), List.of("room", "create"), List.of("room", "show"), List.of("propose"), List.of("vote"),
        List.of("withdraw"), List.of("proposals"), List.of("contract", "show"), List.of("audit"), List.of("audit", "verify"),
        List.of("audit", "receipt"), List.of("audit", "verify-receipt"), List.of("audit", "root"),
        List.of("audit", "consistency"), List.of("demo"));
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      CliRun run = CliRun.of(args.toArray(new String[0]));
      assertThat(run.exitCode()).as("%s --help", command).isZero();
      assertThat(run.out()).as("%s --help", command).contains("Usage:");
    }
  }

  @Test
  void missingRequiredOption_usageErrorExitTwo() {
    CliRun run = CliRun.of("vote", "--room", "offers");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing required");
  }

  @Test
  void serverUnreachable_oneLineReasonExitOne() {
    CliRun keys = CliRun.of("keys", "new", "bank", "--dir", directory.toString());
    assertThat(keys.exitCode()).isZero();
    CliRun run = CliRun.of("contract", "show", "--server", "http://127.0.0.1:1", "--room", "offers",
        "--as", directory.resolve("bank.key").toString());
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(run.err().strip()).startsWith("cleanroom: cannot reach the server").doesNotContain("\n");
  }

  @Test
  void demo_runsEndToEnd_endsWithIntactAudit() {
    CliRun demo = CliRun.of("demo", "--dir", directory.resolve("demo").toString());
    assertThat(demo.exitCode()).as(demo.err()).isZero();
    assertThat(demo.out()).contains("is intact").contains("audit fails").contains("nothing was recorded")
        .contains("receipt-entry-2.json: valid").doesNotContain("CHANGED");
  }

  @Test
  void serveAndDemo_help_documentEngineMasterFormsAndSecret() {
    for (String command : List.of("serve", "demo")) {
      CliRun help = CliRun.of(command, "--help");
      assertThat(help.out()).as(command).contains("--engine").contains("--spark-master").contains("local[N]")
          .contains("spark://HOST:7077").contains("yarn").contains("k8s://https://HOST:PORT")
          .contains("CLEANROOM_SPARK_SECRET");
    }
  }

  @Test
  void demo_sparkWithoutSparkOnClassPath_namesTheLauncher() {
    CliRun demo = CliRun.of("demo", "--engine", "spark", "--dir", directory.resolve("demo").toString());
    assertThat(demo.exitCode()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(demo.err()).contains("engine 'spark' is not on the classpath: start the server with ./cleanroom-spark");
  }
}
