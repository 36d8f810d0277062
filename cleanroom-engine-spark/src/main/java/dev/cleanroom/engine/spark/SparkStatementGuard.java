package dev.cleanroom.engine.spark;

import dev.cleanroom.core.CleanroomException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.catalyst.trees.TreeNode;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses, before Spark analyses or runs anything, every statement that is not one plain query over the loaded
 * tables. It reads Spark's own parse tree (parsing reads nothing and runs nothing), so what it judges is what Spark
 * would run:
 *
 * <ul>
 *   <li>a command of any kind ({@code SET}, {@code CACHE}, {@code CREATE}, {@code INSERT}, {@code ADD JAR},
 *       {@code DESCRIBE}, {@code SHOW}, {@code EXPLAIN}, ...): any plan node outside Catalyst's logical operators;
 *   <li>a table that is not a loaded table or a CTE of the statement, or any qualified name
 *       ({@code parquet.`/path`}, {@code catalog.db.t});
 *   <li>a table-valued function ({@code range}, {@code read_files}, {@code explode} in FROM, ...);
 *   <li>functions that reach the JVM, files or the session: {@code reflect}, {@code java_method},
 *       {@code input_file_name} and the others of {@link #REFUSED_FUNCTIONS}, and any qualified function name.
 * </ul>
 *
 * The list of refused functions follows Spark 4.2 and must be reviewed when Spark is upgraded.
 */
final class SparkStatementGuard {
  static final Set<String> REFUSED_FUNCTIONS = Set.of(
      "reflect", "java_method", "try_reflect", "input_file_name", "input_file_block_start",
      "input_file_block_length", "current_user", "user", "session_user", "current_catalog", "current_database",
      "current_schema", "read_files", "raise_error", "assert_true", "from_avro", "to_avro", "from_protobuf",
      "to_protobuf", "aes_encrypt", "aes_decrypt", "try_aes_decrypt", "hll_sketch_agg", "version");

  private SparkStatementGuard() {}

  /** Throws an INVALID_ARGUMENT {@link CleanroomException} naming what is refused in {@code sql}. */
  static void check(ParserInterface parser, String sql, Predicate<String> isLoadedTable) {
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(sql);
    } catch (ParseException e) {
      throw CleanroomException.invalid("the statement does not parse as Spark SQL: " + firstLine(e.getMessage()));
    }
    Set<String> cteNames = new HashSet<>();
    Deque<TreeNode<?>> pending = new ArrayDeque<>();
    pending.push(plan);
    // CTE names first, so that references to them are recognised wherever they appear.
    Deque<TreeNode<?>> scan = new ArrayDeque<>(pending);
    while (!scan.isEmpty()) {
      TreeNode<?> node = scan.pop();
      if (node instanceof UnresolvedWith with) {
        for (Tuple3<String, ?, ?> relation : CollectionConverters.asJava(with.cteRelations())) {
          cteNames.add(relation._1().toLowerCase(Locale.ROOT));
        }
      }
      children(node).forEach(scan::push);
    }
    while (!pending.isEmpty()) {
      TreeNode<?> node = pending.pop();
      if (node instanceof LogicalPlan logical) {
        checkOperator(logical, cteNames, isLoadedTable);
      } else if (node instanceof Expression expression) {
        checkExpression(expression);
      }
      children(node).forEach(pending::push);
    }
  }

  private static void checkOperator(LogicalPlan node, Set<String> cteNames, Predicate<String> isLoadedTable) {
    String type = node.getClass().getName();
    if (node instanceof Command || !(type.startsWith("org.apache.spark.sql.catalyst.plans.logical.")
        || type.startsWith("org.apache.spark.sql.catalyst.analysis."))) {
      throw CleanroomException.invalid("only a query is allowed; the statement holds " + node.nodeName());
    }
    if (node instanceof UnresolvedTableValuedFunction function) {
      throw CleanroomException.invalid("table functions are not allowed: " + String.join(".",
          CollectionConverters.asJava(function.name())));
    }
    if (type.contains("TableValuedFunction") || type.contains("UnresolvedTVF")) {
      throw CleanroomException.invalid("table functions are not allowed: " + node.nodeName());
    }
    if (node instanceof UnresolvedRelation relation) {
      List<String> name = CollectionConverters.asJava(relation.multipartIdentifier());
      String joined = String.join(".", name);
      if (name.size() != 1) {
        throw CleanroomException.invalid("table '" + joined + "' is not a loaded table: only plain table names are"
            + " allowed");
      }
      String table = name.get(0);
      if (!cteNames.contains(table.toLowerCase(Locale.ROOT)) && !isLoadedTable.test(table)) {
        throw CleanroomException.invalid("table '" + table + "' is not a loaded table");
      }
    }
  }

  private static void checkExpression(Expression expression) {
    if (expression instanceof UnresolvedFunction function) {
      List<String> name = CollectionConverters.asJava(function.nameParts());
      String joined = String.join(".", name);
      if (name.size() != 1) {
        throw CleanroomException.invalid("function '" + joined + "' is not allowed: only built-in functions by"
            + " their plain name");
      }
      if (REFUSED_FUNCTIONS.contains(name.get(0).toLowerCase(Locale.ROOT))) {
        throw CleanroomException.invalid("function '" + joined + "' is not allowed in the engine");
      }
    }
  }

  /** A node's children, the plans inside its expressions and subqueries, and a CTE's definitions. */
  private static List<TreeNode<?>> children(TreeNode<?> node) {
    java.util.ArrayList<TreeNode<?>> all = new java.util.ArrayList<>();
    for (Object child : CollectionConverters.asJava(node.children())) {
      all.add((TreeNode<?>) child);
    }
    if (node instanceof LogicalPlan plan) {
      for (Expression expression : CollectionConverters.asJava(plan.expressions())) {
        all.add(expression);
      }
      for (Object inner : CollectionConverters.asJava(plan.innerChildren())) {
        all.add((TreeNode<?>) inner);
      }
    }
    if (node instanceof SubqueryExpression subquery) {
      all.add(subquery.plan());
    }
    return all;
  }

  /** The first line of an engine message: Spark appends the statement and a caret marker below it. */
  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
