package dev.cleanroom.runtime;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.engine.QueryEngine;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.core.party.PartyIdentity;
import dev.cleanroom.crypto.Hashes;
import dev.cleanroom.crypto.SealedBox;
import dev.cleanroom.policy.Decision;
import dev.cleanroom.policy.EngineDialect;
import dev.cleanroom.policy.PolicyChecker;
import dev.cleanroom.policy.QueryRequest;
import dev.cleanroom.policy.TableInfo;
import dev.cleanroom.privacy.PrivacyCost;
import dev.cleanroom.privacy.RandomSource;
import dev.cleanroom.protocol.DatasetEntries;
import dev.cleanroom.protocol.QueryRun;
import dev.cleanroom.protocol.ResultDocument;
import dev.cleanroom.protocol.RoomLedgerState;
import dev.cleanroom.protocol.TableCsv;
import dev.cleanroom.protocol.TemplateEntries;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one query request inside the runtime: resolves the SQL (ad-hoc, or an approved template whose hash must
 * match), has the policy checker decide on its plan, executes the approved SQL on the room's engine, suppresses
 * every row whose group is smaller than the strictest {@code min_group_size}, and seals the result to each
 * recipient. Never throws for a refusal: every refusal is an outcome with its reason, for the ledger.
 */
public final class QueryRunner {
  /** Said with every result of a query over tables without a {@code dp} policy. */
  public static final String DIFFERENCING_WARNING = "no differential privacy: thresholds hold per query only, so two"
      + " queries whose groups differ by one person can be subtracted";

  private final ConfidentialRuntime runtime;
  private final RandomSource random;

  public QueryRunner(ConfidentialRuntime runtime) {
    this(runtime, RandomSource.secure());
  }

  /** With a given source of noise; production uses {@link RandomSource#secure()}. */
  public QueryRunner(ConfidentialRuntime runtime, RandomSource random) {
    this.runtime = runtime;
    this.random = random;
  }

  /** What a run produced: the outcome for the ledger and, when it ran, the sealed result per recipient. */
  public record RunResult(QueryRun.Outcome outcome, Map<PartyId, byte[]> sealedResults) {}

  public RunResult run(RoomLedgerState state, QueryRun request, String runId) {
    try {
      return runChecked(state, request, runId);
    } catch (Refusal refusal) {
      return new RunResult(QueryRun.Outcome.refused(refusal.getMessage()), Map.of());
    }
  }

  private RunResult runChecked(RoomLedgerState state, QueryRun request, String runId) {
    Contract contract = state.governance().orElseThrow().contract();
    RoomId room = state.room();
    List<PartyIdentity> recipients = new ArrayList<>();
    for (PartyId party : request.effectiveRecipients()) {
      recipients.add(contract.member(party).orElseThrow(
          () -> new Refusal("recipient '" + party + "' is not a member of room '" + room + "'")));
    }
    String sql;
    Map<String, ColumnType> parameterTypes = new LinkedHashMap<>();
    Optional<TemplateEntries.Template> template = Optional.empty();
    if (request.template().isPresent()) {
      String name = request.template().get();
      template = TemplateEntries.find(contract, name);
      TemplateEntries.Template approved = template.orElseThrow(
          () -> new Refusal("template '" + name + "' is not in the contract of room '" + room + "'"));
      if (!approved.sqlSha256().equals(request.templateSha256().orElseThrow())) {
        throw new Refusal("template '" + name + "' in the contract has SQL hash " + approved.sqlSha256()
            + ", not the " + request.templateSha256().get() + " the request names; it runs only exactly as voted");
      }
      sql = approved.sql();
      parameterTypes.putAll(approved.parameters());
    } else {
      sql = request.sql().orElseThrow();
    }
    Map<String, Object> values = bind(parameterTypes, request.parameters());

    // The keys held now name the tables the engine holds now. Each table's rows per subject and per join-key value,
    // measured once per release, let screening bound group sizes without hashing and can spare a DP table's queries
    // the contribution bounding.
    Map<String, Optional<HeldKey>> held = new HashMap<>();
    List<TableInfo> tables = new ArrayList<>();
    for (DatasetManifest dataset : DatasetEntries.all(contract)) {
      TableInfo table = TableInfo.of(dataset);
      Optional<HeldKey> key = runtime.vault().current(room, table.name(), DatasetEntries.entryHash(contract, table.name()));
      held.put(table.name(), key);
      tables.add(key.isEmpty() ? table : runtime.measuredTable(room, table, key.get()));
    }
    QueryEngine engine = runtime.engine(room);
    Decision decision = new PolicyChecker(tables).check(
        new QueryRequest(sql, request.author(), template.isPresent(), parameterTypes),
        EngineDialect.of(engine.sqlDialect()));
    if (decision instanceof Decision.Refused refused) {
      throw new Refusal(refused.message());
    }
    Decision.Allowed allowed = (Decision.Allowed) decision;
    if (template.isPresent() && !template.get().tables().containsAll(allowed.tablesRead())) {
      throw new Refusal("template '" + template.get().name() + "' reads " + allowed.tablesRead()
          + " but was approved for " + template.get().tables());
    }
    for (PartyIdentity recipient : recipients) {
      if (!allowed.recipients().contains(recipient.party())) {
        throw new Refusal("party '" + recipient.party() + "' may not receive results from " + allowed.tablesRead()
            + ": the policies allow only " + allowed.recipients());
      }
    }
    for (String table : allowed.tablesRead()) {
      if (held.getOrDefault(table, Optional.empty()).isEmpty()) {
        throw new Refusal("the runtime does not hold the key of dataset '" + table
            + "' for its current contract entry; its owner must release it first");
      }
    }
    List<QueryRun.Spend> spends = new ArrayList<>();
    if (allowed.dp().isPresent()) {
      PrivacyCost cost = PrivateRelease.cost(allowed.dp().get());
      for (PartyIdentity recipient : recipients) {
        for (String table : allowed.dp().get().tables()) {
          spends.add(new QueryRun.Spend(recipient.party(), table, cost.epsilon(), cost.delta()));
        }
      }
      Optional<String> overspend = state.budgets().overspend(contract, spends);
      if (overspend.isPresent()) {
        throw new Refusal("privacy budget exhausted: " + overspend.get());
      }
    }
    ResultTable raw;
    try {
      raw = execute(engine, allowed, values).raw();
    } catch (CleanroomException e) {
      throw new Refusal("the engine could not run the approved query: " + e.getMessage());
    }
    for (String table : allowed.tablesRead()) {
      // A release that replaced a table while the query ran could break what the plan assumed of it.
      if (!runtime.vault().current(room, table, DatasetEntries.entryHash(contract, table)).equals(held.get(table))) {
        throw new Refusal("dataset '" + table + "' was reloaded while the query ran; nothing was released, run it again");
      }
    }
    Suppressed released;
    Optional<String> epsilon = Optional.empty();
    if (allowed.dp().isPresent()) {
      PrivateRelease.Released noisy = PrivateRelease.release(raw, allowed, allowed.dp().get(), random);
      released = new Suppressed(noisy.table(), noisy.droppedGroups());
      epsilon = Optional.of(noisy.cost().epsilon().toPlainString());
    } else {
      released = suppress(raw, allowed);
    }
    ResultDocument document = new ResultDocument(room, runId, released.table(), released.suppressed(),
        allowed.minGroupSize(), List.copyOf(allowed.tablesRead()), epsilon);
    byte[] bytes = document.toBytes();
    Map<PartyId, byte[]> sealed = new LinkedHashMap<>();
    for (PartyIdentity recipient : recipients) {
      sealed.put(recipient.party(), SealedBox.seal(recipient.sealingKey(), bytes,
          ResultDocument.sealingContext(room, runId, recipient.party())));
    }
    String reason = epsilon.isPresent()
        ? "ran with differential privacy (epsilon " + epsilon.get() + " charged to each recipient per DP table): "
            + released.table().rows().size() + " noisy rows released, " + released.suppressed() + " groups dropped by partition selection"
        : "ran: " + released.table().rows().size() + " rows released, " + released.suppressed() + " suppressed below "
            + allowed.minGroupSize() + " subjects (" + DIFFERENCING_WARNING + ")";
    QueryRun.Outcome outcome = new QueryRun.Outcome(true, reason,
        Optional.of(Hashes.sha256Hex(bytes)), released.table().rows().size(), released.suppressed(),
        recipients.stream().map(PartyIdentity::party).toList(), List.copyOf(allowed.tablesRead()),
        epsilon.isPresent(), spends);
    return new RunResult(outcome, sealed);
  }

  /**
   * The approved query's result with its group-size columns, ready for {@link #suppress} (or, for a DP plan, for
   * {@link PrivateRelease}), and whether the screening SQL's result decided it.
   */
  public record Executed(ResultTable raw, boolean screened) {}

  /**
   * Runs an approved query on {@code engine} with the parameters bound by name. Where the decision has a screening SQL,
   * that runs first, and its result stands if it decides every group (its group sizes are then lower bounds that
   * {@link #suppress} reads as it reads exact counts); otherwise, and always without screening, the exact SQL runs.
   */
  public static Executed execute(QueryEngine engine, Decision.Allowed allowed, Map<String, Object> values) {
    if (allowed.screening().isPresent()) {
      Decision.Screening screening = allowed.screening().get();
      ResultTable screened = allowed.screeningBounds(
          engine.execute(screening.sql(), ordered(screening.parameterOrder(), values)));
      if (allowed.screeningDecides(screened)) {
        return new Executed(screened, true);
      }
    }
    return new Executed(engine.execute(allowed.sql(), ordered(allowed.parameterOrder(), values)), false);
  }

  private static List<Object> ordered(List<String> order, Map<String, Object> values) {
    List<Object> parameters = new ArrayList<>();
    order.forEach(name -> parameters.add(values.get(name)));
    return parameters;
  }

  /** A thresholded result and how many rows were suppressed. */
  public record Suppressed(ResultTable table, long suppressed) {}

  /** Drops rows standing for fewer subjects than the threshold, then the group-size columns themselves. */
  public static Suppressed suppress(ResultTable raw, Decision.Allowed allowed) {
    int visible = allowed.outputColumns().size();
    int[] sizeColumns = allowed.groupSizeColumns().stream().mapToInt(raw::columnIndex).toArray();
    for (int i = 0; i < sizeColumns.length; i++) {
      if (sizeColumns[i] < visible) {
        throw new Refusal("the approved query's group-size column '" + allowed.groupSizeColumns().get(i) + "' is missing");
      }
    }
    List<List<Object>> kept = new ArrayList<>();
    long suppressed = 0;
    for (List<Object> row : raw.rows()) {
      if (allowed.largeEnough(row, sizeColumns)) {
        kept.add(row.subList(0, visible));
      } else {
        suppressed++;
      }
    }
    return new Suppressed(new ResultTable(raw.columns().subList(0, visible), kept), suppressed);
  }

  private static Map<String, Object> bind(Map<String, ColumnType> types, Map<String, String> given) {
    for (String name : given.keySet()) {
      if (!types.containsKey(name)) {
        throw new Refusal("parameter '" + name + "' is not a parameter of the template (it has " + types.keySet() + ")");
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    types.forEach((name, type) -> {
      String text = given.get(name);
      if (text == null) {
        throw new Refusal("parameter '" + name + "' (" + type + ") has no value");
      }
      try {
        values.put(name, TableCsv.value(text, type));
      } catch (IllegalArgumentException | DateTimeParseException e) {
        throw new Refusal("parameter '" + name + "': '" + text + "' is not a " + type);
      }
    });
    return values;
  }

  /** A refusal inside a run; becomes the run's recorded outcome. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message, null, false, false);
    }
  }
}
