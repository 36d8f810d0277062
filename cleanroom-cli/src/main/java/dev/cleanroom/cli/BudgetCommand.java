package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.PrivacyBudgets;
import dev.cleanroom.protocol.RoomLedgerState;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code budget show}: differential-privacy budgets, computed from the verified ledger. */
@Command(name = "budget", mixinStandardHelpOptions = true, description = "Differential-privacy budgets.",
    subcommands = {BudgetCommand.Show.class})
final class BudgetCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Each party's spent and remaining epsilon on each table with a dp policy. Computed here from the",
          "ledger, which is downloaded and verified first: it does not trust the server's arithmetic."})
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      RoomLedgerState state = connection.client().verifiedState(connection.roomId());
      Contract contract = state.governance().orElseThrow().contract();
      List<PrivacyBudgets.Account> accounts = state.budgets().accounts(contract);
      if (json) {
        ObjectNode node = Json.object();
        ArrayNode list = node.putArray("budgets");
        accounts.forEach(a -> list.addObject().put("party", a.party().value()).put("table", a.table())
            .put("epsilon_budget", a.budget().toPlainString()).put("epsilon_spent", a.epsilonSpent().toPlainString())
            .put("epsilon_remaining", a.remaining().toPlainString()).put("delta_spent", a.deltaSpent().toPlainString()));
        Output.json(spec, node);
        return 0;
      }
      if (accounts.isEmpty()) {
        Output.line(spec, "(no table in room '" + connection.room + "' has a dp policy)");
        return 0;
      }
      Output.line(spec, String.format("%-12s %-16s %10s %10s %10s %12s", "PARTY", "TABLE", "BUDGET", "SPENT", "REMAINING", "DELTA SPENT"));
      for (PrivacyBudgets.Account a : accounts) {
        Output.line(spec, String.format("%-12s %-16s %10s %10s %10s %12s", a.party(), a.table(), a.budget().toPlainString(),
            a.epsilonSpent().toPlainString(), a.remaining().toPlainString(), a.deltaSpent().toPlainString()));
      }
      return 0;
    }
  }
}
