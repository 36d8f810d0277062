package dev.cleanroom.cli;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cleanroom} command line. */
@Command(name = "cleanroom", mixinStandardHelpOptions = true, version = "cleanroom 0.1.0",
    description = "A self-hostable confidential data cleanroom: rooms, signed governance, a verifiable ledger, owner-encrypted datasets, attested key release, policy-checked SQL with sealed results.",
    subcommands = {
      KeysCommand.class,
      ServeCommand.class,
      RoomCommand.class,
      GovernanceCommands.Propose.class,
      GovernanceCommands.VoteCommand.class,
      GovernanceCommands.Withdraw.class,
      GovernanceCommands.ListProposals.class,
      ContractCommand.class,
      AuditCommand.class,
      DatasetCommand.class,
      RuntimeCommand.class,
      QueryCommands.QueryCommand.class,
      QueryCommands.TemplateCommand.class,
      QueryCommands.ResultsCommand.class,
      BudgetCommand.class,
      DemoCommand.class
    })
public final class Main implements Runnable {
  /** Exit code when a verification (ledger, receipt, consistency) fails. */
  public static final int EXIT_VERIFICATION_FAILED = 3;
  /** Exit code for every other failure. */
  public static final int EXIT_FAILURE = 1;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
      if (exception instanceof CleanroomException e) {
        cmd.getErr().println("cleanroom: " + e.getMessage());
        cmd.getErr().flush();
        return e.code() == ErrorCode.INTEGRITY ? EXIT_VERIFICATION_FAILED : EXIT_FAILURE;
      }
      cmd.getErr().println("cleanroom: unexpected error: " + exception);
      cmd.getErr().flush();
      return EXIT_FAILURE;
    });
    return commandLine;
  }
}
