package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.protocol.ContractCodec;
import dev.cleanroom.protocol.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code propose}, {@code vote}, {@code withdraw} and {@code proposals}. */
final class GovernanceCommands {
  private GovernanceCommands() {}

  @Command(name = "propose", mixinStandardHelpOptions = true,
      description = "Submit a proposal: a JSON file {\"actions\": [...]}. Prints the proposal id.")
  static final class Propose implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "FILE", description = "Proposal document (JSON)")
    Path file;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      List<Action> actions = readProposal(file);
      CleanroomClient.Submitted submitted = connection.client().propose(connection.roomId(), actions);
      if (json) {
        Output.json(spec, submitted.raw());
      } else {
        Output.line(spec, submitted.proposal().value());
      }
      return 0;
    }
  }

  static List<Action> readProposal(Path file) {
    String what = "proposal file " + file;
    JsonNode node = Json.requireObject(DatasetCommand.readJson(file, "proposal file"), what);
    Json.onlyFields(node, what, Set.of("actions"));
    return ContractCodec.parseActions(Json.array(node, "actions", what));
  }

  static final class Choice {
    @Option(names = "--accept", required = true, description = "Accept the proposal")
    boolean accept;

    @Option(names = "--reject", required = true, description = "Reject the proposal")
    boolean reject;
  }

  @Command(name = "vote", mixinStandardHelpOptions = true,
      description = "Cast a signed ballot on a proposal. A ballot counts once and cannot be changed.")
  static final class VoteCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--proposal", required = true, paramLabel = "ID", description = "Proposal id")
    String proposal;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Choice choice;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      Vote vote = choice.accept ? Vote.ACCEPT : Vote.REJECT;
      CleanroomClient.Submitted submitted = connection.client().vote(connection.roomId(), ProposalId.of(proposal), vote);
      if (json) {
        Output.json(spec, submitted.raw());
      } else {
        Output.line(spec, "voted " + vote.wireName() + "; proposal is " + submitted.state()
            + ", contract version " + submitted.contractVersion());
      }
      return 0;
    }
  }

  @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw a proposal you made.")
  static final class Withdraw implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--proposal", required = true, paramLabel = "ID", description = "Proposal id")
    String proposal;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      CleanroomClient.Submitted submitted = connection.client().withdraw(connection.roomId(), ProposalId.of(proposal));
      if (json) {
        Output.json(spec, submitted.raw());
      } else {
        Output.line(spec, "proposal is " + submitted.state());
      }
      return 0;
    }
  }

  @Command(name = "proposals", mixinStandardHelpOptions = true,
      description = "List proposals with their state: open, accepted, rejected, withdrawn, dropped.")
  static final class ListProposals implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      JsonNode proposals = connection.client().proposals(connection.roomId());
      if (json) {
        Output.json(spec, proposals);
        return 0;
      }
      Output.line(spec, String.format("%-64s  %-9s  %-10s  %-4s  %s", "ID", "STATE", "PROPOSER", "BASE", "ACTIONS / BALLOTS"));
      for (JsonNode p : proposals.path("proposals")) {
        StringBuilder actions = new StringBuilder();
        p.path("actions").forEach(a -> actions.append(a.path("action").asText()).append(' '));
        Output.line(spec, String.format("%-64s  %-9s  %-10s  %-4s  %s%s", p.path("id").asText(), p.path("state").asText(),
            p.path("proposer").asText(), p.path("founding").asBoolean() ? "room" : p.path("base_version").asText(),
            actions, p.path("ballots")));
      }
      return 0;
    }
  }
}
