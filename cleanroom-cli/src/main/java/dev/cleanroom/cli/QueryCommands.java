package dev.cleanroom.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cleanroom.client.KeyFiles;
import dev.cleanroom.client.QueryClient;
import dev.cleanroom.client.ResultFiles;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.protocol.ResultDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code query run}, {@code template propose} and {@code results get}. */
final class QueryCommands {
  private QueryCommands() {}

  /** A party named directly or by its {@code NAME.pub} file. */
  static PartyId party(String text) {
    if (text.endsWith(".pub") && Files.exists(Path.of(text))) {
      return KeyFiles.readIdentity(Path.of(text)).party();
    }
    return PartyId.of(text);
  }

  static Map<String, String> pairs(List<String> items, String option) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw CleanroomException.invalid(option + " '" + item + "' must be NAME=VALUE");
      }
      map.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return map;
  }

  @Command(name = "query", mixinStandardHelpOptions = true, description = "Run policy-checked queries in the runtime.",
      subcommands = {QueryCommands.Run.class})
  static final class QueryCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  static final class What {
    @Option(names = "--sql", required = true, paramLabel = "SQL", description = "An ad-hoc query (needs you among the tables' analysts)")
    String sql;

    @Option(names = "--template", required = true, paramLabel = "NAME", description = "An approved template from the contract")
    String template;
  }

  @Command(name = "run", mixinStandardHelpOptions = true,
      description = {"Run a query if and only if it satisfies every policy of every table it reads; groups smaller than the",
          "strictest min_group_size are suppressed. The result is sealed to each recipient. Prints the run id."})
  static final class Run implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;
    @ArgGroup(exclusive = true, multiplicity = "1") What what;

    @Option(names = "--param", paramLabel = "NAME=VALUE", description = "A template parameter (typed by the template)")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--to", paramLabel = "PARTY|FILE.pub", description = "A recipient (default: you); repeat for several")
    List<String> recipients = new ArrayList<>();

    @Option(names = "--json", description = "Machine-readable output")
    boolean json;

    @Override
    public Integer call() {
      QueryClient queries = new QueryClient(connection.client());
      List<PartyId> to = recipients.stream().map(QueryCommands::party).toList();
      QueryClient.Run run = what.sql != null
          ? queries.runSql(connection.roomId(), what.sql, to)
          : queries.runTemplate(connection.roomId(), what.template, pairs(parameters, "--param"), to);
      if (json) {
        ObjectNode node = run.outcome().toJson();
        node.put("run", run.runId());
        node.put("entry", run.entry());
        Output.json(spec, node);
      } else {
        Output.line(spec, run.runId());
        spec.commandLine().getErr().println(run.outcome().reason() + "; sealed to " + run.outcome().recipients()
            + " (ledger entry " + run.entry() + ")");
      }
      return 0;
    }
  }

  @Command(name = "template", mixinStandardHelpOptions = true, description = "Query templates voted into the contract.",
      subcommands = {QueryCommands.ProposeTemplate.class})
  static final class TemplateCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(name = "propose", mixinStandardHelpOptions = true,
      description = {"Propose a parameterised query (:name parameters) for the contract. It is checked against the policies",
          "first; the owners of every table it reads must accept it. Prints the proposal id."})
  static final class ProposeTemplate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "Template name")
    String name;

    @Option(names = "--sql", required = true, paramLabel = "SQL", description = "The SQL, with :name parameters")
    String sql;

    @Option(names = "--param", paramLabel = "NAME=TYPE", description = "A parameter and its type (BIGINT, DOUBLE, BOOLEAN, DATE, VARCHAR); default VARCHAR")
    List<String> parameters = new ArrayList<>();

    @Option(names = "--description", paramLabel = "TEXT", description = "What the template is for")
    String description = "";

    @Override
    public Integer call() {
      Map<String, ColumnType> types = new LinkedHashMap<>();
      pairs(parameters, "--param").forEach((parameter, type) -> types.put(parameter, ColumnType.parse(type, "--param " + parameter)));
      for (String parameter : dev.cleanroom.policy.PolicyChecker.parameterNames(sql)) {
        types.putIfAbsent(parameter, ColumnType.VARCHAR);
      }
      Output.line(spec, new QueryClient(connection.client())
          .proposeTemplate(connection.roomId(), name, sql, types, description).proposal().value());
      return 0;
    }
  }

  @Command(name = "results", mixinStandardHelpOptions = true, description = "Fetch results sealed to you.",
      subcommands = {QueryCommands.GetResult.class})
  static final class ResultsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = "Fetch a run's result sealed to you, open it with your key, check it against the ledger, and write it.")
  static final class GetResult implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin ConnectionOptions connection;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "The run id")
    String run;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the result")
    Path out;

    @Option(names = "--format", paramLabel = "csv|json|parquet", description = "Output format (default: ${DEFAULT-VALUE})")
    String format = "csv";

    @Override
    public Integer call() {
      ResultDocument result = new QueryClient(connection.client()).result(connection.roomId(), run);
      ResultFiles.write(result, out, format);
      Output.line(spec, "wrote " + result.table().rows().size() + " rows to " + out + " (" + result.suppressedRows()
          + " rows suppressed below " + result.minGroupSize() + " subjects; result hash matches the ledger)");
      return 0;
    }
  }
}
