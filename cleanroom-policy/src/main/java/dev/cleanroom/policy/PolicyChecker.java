package dev.cleanroom.policy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.policy.internal.GroupSizeRewriter;
import dev.cleanroom.policy.internal.ParameterSubstitution;
import dev.cleanroom.policy.internal.PlanChecker;
import dev.cleanroom.policy.internal.PolicyTable;
import dev.cleanroom.policy.internal.PrivacyRewriter;
import dev.cleanroom.policy.internal.PrivacyRules;
import dev.cleanroom.policy.internal.Refusal;
import dev.cleanroom.policy.internal.SubjectRowBounds;
import dev.cleanroom.policy.internal.SyntaxGuard;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.util.SqlString;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;
import org.apache.calcite.util.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a SQL query may run over the room's tables, on its relational plan (Apache Calcite), default
 * deny. A query is allowed only when it is one SELECT whose result rows are aggregates over groups, every column it
 * touches is used only as its table's policy allows (followed through joins, subqueries, CTEs and expressions), and
 * the requester is an analyst of every table read (unless the SQL is an approved template). An allowed query comes
 * back as SQL regenerated from the checked plan, extended with one distinct-subject count per table read so the
 * runtime can suppress groups smaller than the strictest {@code min_group_size}. A query reading a table whose policy
 * has a {@code dp} block is held to stricter rules and planned as a differentially private query: contributions
 * bounded per subject, SUM and AVG arguments clamped, row counts of the bounded rows in place of the subject counts,
 * and a {@link DpPlan} telling the runtime how to release the result. See docs/policy-checking.md.
 *
 * <p>Thread-safe: the table set and the framework configuration are immutable and shared; each check uses its own
 * planner.
 */
public final class PolicyChecker {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyChecker.class);

  /**
   * CASE over string literals of different lengths is VARCHAR, as DuckDB types it, not blank-padded CHAR (which
   * would change results).
   */
  private static final RelDataTypeSystem TYPE_SYSTEM = new RelDataTypeSystemImpl() {
    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
      return true;
    }
  };

  private final Map<String, TableInfo> tables;
  private final FrameworkConfig config;

  public PolicyChecker(Collection<TableInfo> tables) {
    Map<String, TableInfo> byName = new LinkedHashMap<>();
    SchemaPlus root = Frameworks.createRootSchema(false);
    for (TableInfo table : tables) {
      if (byName.putIfAbsent(table.name(), table) != null) {
        throw CleanroomException.invalid("table '" + table.name() + "' is listed twice");
      }
      root.add(table.name(), new PolicyTable(table.schema()));
    }
    this.tables = Map.copyOf(byName);
    this.config = Frameworks.newConfigBuilder()
        .defaultSchema(root)
        .typeSystem(TYPE_SYSTEM)
        .parserConfig(SqlParser.config()
            .withCaseSensitive(false)
            .withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED)
            .withConformance(SqlConformanceEnum.LENIENT))
        .sqlToRelConverterConfig(SqlToRelConverter.config()
            .withExpand(false)
            .withInSubQueryThreshold(Integer.MAX_VALUE)
            .withTrimUnusedFields(false))
        .build();
  }

  /**
   * The {@code :name} parameters of {@code sql}, in order of appearance (a name may repeat), found the way
   * {@link #check} finds them: colons inside string literals, quoted identifiers and comments are not parameters.
   * Throws an {@code INVALID_ARGUMENT} {@link dev.cleanroom.core.CleanroomException} for a positional {@code ?}.
   */
  public static List<String> parameterNames(String sql) {
    try {
      return ParameterSubstitution.names(sql);
    } catch (Refusal refusal) {
      throw dev.cleanroom.core.CleanroomException.invalid(refusal.getMessage());
    }
  }

  /**
   * Checks {@code request}, writing an approved plan in DuckDB's SQL; never throws for a bad query, it returns a
   * refusal naming the reason instead.
   */
  public Decision check(QueryRequest request) {
    return check(request, EngineDialect.DUCKDB);
  }

  /** As {@link #check(QueryRequest)}, writing an approved plan in {@code dialect}, the SQL of the engine that runs it. */
  public Decision check(QueryRequest request, EngineDialect dialect) {
    try {
      return checkOrRefuse(request, dialect);
    } catch (Refusal refusal) {
      return new Decision.Refused(refusal.getMessage(), refusal.table(), refusal.column(), refusal.use(), refusal.clause());
    } catch (RuntimeException unexpected) {
      LOG.warn("query refused after an unexpected {} while checking it", unexpected.getClass().getSimpleName(), unexpected);
      return new Decision.Refused("refused: the query could not be checked (" + unexpected.getClass().getSimpleName() + ")",
          "", "", "", "");
    }
  }

  private Decision.Allowed checkOrRefuse(QueryRequest request, EngineDialect engineDialect) {
    SqlDialect dialect = engineDialect.calciteDialect();
    ParameterSubstitution.Result parameters = ParameterSubstitution.apply(request.sql(), request.parameterTypes());
    Planner planner = Frameworks.getPlanner(config);
    try {
      RelNode plan = plan(planner, parameters.sql());
      List<String> tablesRead = tablesRead(plan);
      if (!request.approvedTemplate()) {
        requireAnalyst(request.requester(), tablesRead);
      }
      Set<PartyId> recipients = recipients(tablesRead);
      PlanChecker checker = new PlanChecker(tables, parameters.names());
      Aggregate aggregate = checker.check(plan);
      List<String> outputColumns = plan.getRowType().getFieldNames();
      Optional<PrivacyRules.Analysis> privacy =
          PrivacyRules.analyse(tables, tablesRead, plan, aggregate, checker.aggregateInput(), checker);
      int minGroupSize = tablesRead.stream().mapToInt(t -> tables.get(t).policy().minGroupSize()).max().orElseThrow();
      // Differential privacy reads row counts (DpPlan); suppression compares subject counts with the threshold.
      boolean thresholdOnly = privacy.isEmpty();
      OptionalInt countCap = thresholdOnly && engineDialect.groupSizes() == EngineDialect.GroupSizes.CAPPED
          ? OptionalInt.of(minGroupSize) : OptionalInt.empty();
      GroupSizeRewriter rewriter = privacy.isPresent()
          ? GroupSizeRewriter.rowCounts(tables) : new GroupSizeRewriter(tables, countCap);
      GroupSizeRewriter.Result rewritten = rewriter.rewrite(plan, aggregate);
      Optional<Decision.Screening> screening = Optional.empty();
      if (thresholdOnly && engineDialect.groupSizes() == EngineDialect.GroupSizes.SCREENED) {
        Map<Integer, Long> perSubject = SubjectRowBounds.of(tables, rewritten.countedTables(), checker);
        GroupSizeRewriter.Result bounds = GroupSizeRewriter.screening(tables, perSubject.keySet()).rewrite(plan, aggregate);
        Map<String, Long> rowsPerSubject = new LinkedHashMap<>();
        perSubject.forEach((column, rows) -> rowsPerSubject.put(bounds.groupSizeColumns().get(column), rows));
        SqlString screeningSql = sqlOf(bounds.plan(), dialect);
        screening = Optional.of(new Decision.Screening(screeningSql.getSql(),
            parameterOrder(screeningSql, parameters.names()), bounds.rowCountColumn().orElseThrow(), rowsPerSubject));
      }
      RelNode executed = rewritten.plan();
      Optional<DpPlan> dp = Optional.empty();
      if (privacy.isPresent()) {
        PrivacyRewriter.Result bounded = PrivacyRewriter.rewrite(rewritten, privacy.get(), outputColumns, tables);
        executed = bounded.plan();
        dp = Optional.of(bounded.dp());
      }
      SqlString sql = sqlOf(executed, dialect);
      return new Decision.Allowed(sql.getSql(), parameterOrder(sql, parameters.names()), outputColumns,
          rewritten.groupSizeColumns(), minGroupSize, new TreeSet<>(tablesRead), recipients, dp, screening);
    } finally {
      planner.close();
    }
  }

  /** {@code plan} written as one statement in {@code dialect}: the only place approved plans become SQL text. */
  static SqlString sqlOf(RelNode plan, SqlDialect dialect) {
    return new RelToSqlConverter(dialect).visitRoot(plan).asStatement().toSqlString(dialect);
  }

  /** The parameter name bound to each {@code ?} of {@code sql}, in order. */
  private static List<String> parameterOrder(SqlString sql, List<String> names) {
    List<String> order = new ArrayList<>();
    List<Integer> positions = sql.getDynamicParameters() == null ? List.of() : sql.getDynamicParameters();
    positions.forEach(index -> order.add(names.get(index)));
    return order;
  }

  private RelNode plan(Planner planner, String sql) {
    SqlNode parsed;
    try {
      parsed = planner.parse(sql);
    } catch (SqlParseException e) {
      throw Refusal.query("only a single SELECT statement is allowed, and the text does not parse as one: "
          + firstLine(e.getMessage()), "");
    }
    SyntaxGuard.check(parsed);
    try {
      SqlNode validated = planner.validate(parsed);
      return planner.rel(validated).project();
    } catch (ValidationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw Refusal.query("the query does not validate against the room's tables: " + firstLine(cause.getMessage()), "");
    } catch (RelConversionException e) {
      throw Refusal.query("the query could not be planned: " + firstLine(e.getMessage()), "");
    }
  }

  private List<String> tablesRead(RelNode plan) {
    Set<String> names = new LinkedHashSet<>();
    for (RelOptTable table : RelOptUtil.findAllTables(plan)) {
      names.add(Util.last(table.getQualifiedName()));
    }
    if (names.isEmpty()) {
      throw Refusal.query("the query reads no table", "FROM");
    }
    return List.copyOf(names);
  }

  private void requireAnalyst(PartyId requester, List<String> tablesRead) {
    for (String table : tablesRead) {
      if (!tables.get(table).policy().analysts().contains(requester)) {
        throw Refusal.table("party '" + requester + "' is not among the analysts of table '" + table
            + "' and may run only approved templates over it", table, "ad-hoc query");
      }
    }
  }

  private Set<PartyId> recipients(List<String> tablesRead) {
    Set<PartyId> recipients = new TreeSet<>(tables.get(tablesRead.get(0)).policy().recipients());
    tablesRead.forEach(table -> recipients.retainAll(tables.get(table).policy().recipients()));
    if (recipients.isEmpty()) {
      throw Refusal.table("no party may receive results computed from all of " + tablesRead
          + ": their recipients lists do not intersect", tablesRead.get(0), "recipients");
    }
    return recipients;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
