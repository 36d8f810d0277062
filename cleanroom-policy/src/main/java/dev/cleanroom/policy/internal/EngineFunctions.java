package dev.cleanroom.policy.internal;

import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import org.apache.calcite.sql.dialect.SparkSqlDialect;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.util.Optionality;

/**
 * The engine-specific functions that the checker's rewrites put into an approved plan, and how each engine's SQL
 * spells them. The plan holds neutral functions; only the dialects below name an engine's function, so rendering the
 * plan for another engine means adding its dialect here.
 *
 * <p>{@link #SUBJECT_HASH}: a 64-bit hash of one value, used only as the argument of a distinct-subject count (counting
 * distinct 64-bit hashes is much cheaper than counting distinct long strings). Two different subjects with the same
 * hash are counted once, so a hashed count is never larger than the exact one: a collision can only make a group
 * look smaller, which errs towards suppression. The rewrite keeps NULL as NULL around it, since an engine's hash of
 * NULL is a value and would otherwise be counted.
 *
 * <p>{@link #distinctUpTo}: the number of distinct non-null 64-bit values in a group, capped at a bound. It answers
 * "does this group have at least k subjects?" exactly as a full distinct count does, and an engine can compute it
 * with a set of at most k values per group instead of a distinct aggregation (on Spark, a second aggregation over
 * every distinct subject). Spark runs it as the aggregate {@value #SPARK_DISTINCT_UP_TO} that its engine adapter
 * registers; the checker does not ask DuckDB for it (DuckDB has no aggregate that keeps a bounded set), so DuckDB's SQL
 * has no spelling of it and an engine that does not know it fails the query rather than counting something else.
 *
 * <p>{@link #DISTINCT_BUCKETS}: a lower bound on the number of distinct non-null values of a group, for screening.
 * Its argument is a bucket number in [0, {@value #BUCKETS}) (the rewrite passes {@code MOD(SUBJECT_HASH(s), BUCKETS)},
 * NULL kept as NULL); the aggregate counts the distinct buckets that occur. Subjects in one bucket are counted once, so
 * it is never larger than the exact count, and it needs one bit per bucket per group instead of a set of every subject:
 * DuckDB runs it as {@code bit_count(bitstring_agg(bucket, 0, BUCKETS - 1))}, a pass without any hash table of
 * subjects. Spark's SQL has no spelling of it (Spark's capped count is exact).
 */
public final class EngineFunctions {
  /** A deterministic 64-bit hash of its one argument; see the class comment for where it may be used. */
  public static final SqlFunction SUBJECT_HASH = new SqlFunction("SUBJECT_HASH", SqlKind.OTHER_FUNCTION,
      ReturnTypes.BIGINT_NULLABLE, null, OperandTypes.ANY, SqlFunctionCategory.NUMERIC);

  /** How many buckets {@link #DISTINCT_BUCKETS} counts: a group of k subjects shows fewer about k(k-1)/2048 times. */
  public static final int BUCKETS = 1024;

  /** The aggregate "distinct buckets among those of the group's non-null bucket numbers"; see the class comment. */
  public static final SqlAggFunction DISTINCT_BUCKETS = new SqlAggFunction("DISTINCT_BUCKETS", null,
      SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT_NULLABLE, null, OperandTypes.INTEGER, SqlFunctionCategory.NUMERIC,
      false, false, Optionality.FORBIDDEN) {};

  /** The name under which the Spark engine registers the aggregate behind {@link #distinctUpTo}. */
  public static final String SPARK_DISTINCT_UP_TO = "cleanroom_distinct_up_to";

  /** The aggregate "distinct non-null values, counted up to {@code cap}" over one BIGINT argument. */
  public static SqlAggFunction distinctUpTo(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("a capped distinct count needs a cap of at least 1, not " + cap);
    }
    return new DistinctUpTo(cap);
  }

  /** See {@link #distinctUpTo}; the cap is part of the operator, so the plan carries it to the SQL it is written in. */
  static final class DistinctUpTo extends SqlAggFunction {
    final int cap;

    private DistinctUpTo(int cap) {
      super("DISTINCT_UP_TO", null, SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT, null, OperandTypes.INTEGER,
          SqlFunctionCategory.NUMERIC, false, false, Optionality.FORBIDDEN);
      this.cap = cap;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof DistinctUpTo that && that.cap == cap;
    }

    @Override
    public int hashCode() {
      return Integer.hashCode(cap);
    }
  }

  /**
   * DuckDB's SQL: {@link #SUBJECT_HASH} is DuckDB's {@code hash()}; {@link #DISTINCT_BUCKETS} counts the bits set by
   * {@code bitstring_agg} over the bucket range.
   */
  public static final SqlDialect DUCKDB = new DuckDBSqlDialect(DuckDBSqlDialect.DEFAULT_CONTEXT) {
    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      if (call.getOperator() == SUBJECT_HASH) {
        renderAs(writer, call, "hash");
      } else if (call.getOperator() == DISTINCT_BUCKETS) {
        SqlWriter.Frame count = writer.startFunCall("bit_count");
        SqlWriter.Frame bits = writer.startFunCall("bitstring_agg");
        writer.sep(",");
        call.operand(0).unparse(writer, 0, 0);
        writer.sep(",");
        writer.literal("0");
        writer.sep(",");
        writer.literal(Integer.toString(BUCKETS - 1));
        writer.endFunCall(bits);
        writer.endFunCall(count);
      } else {
        super.unparseCall(writer, call, leftPrec, rightPrec);
      }
    }
  };

  /** Spark SQL: {@link #SUBJECT_HASH} is Spark's {@code xxhash64()}, a 64-bit hash as DuckDB's {@code hash()} is. */
  public static final SqlDialect SPARK = new SparkSqlDialect(SparkSqlDialect.DEFAULT_CONTEXT) {
    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      if (call.getOperator() == SUBJECT_HASH) {
        renderAs(writer, call, "xxhash64");
      } else if (call.getOperator() instanceof DistinctUpTo capped) {
        SqlWriter.Frame frame = writer.startFunCall(SPARK_DISTINCT_UP_TO);
        writer.sep(",");
        call.operand(0).unparse(writer, 0, 0);
        writer.sep(",");
        writer.literal(Integer.toString(capped.cap));
        writer.endFunCall(frame);
      } else {
        super.unparseCall(writer, call, leftPrec, rightPrec);
      }
    }
  };

  private EngineFunctions() {}

  private static void renderAs(SqlWriter writer, SqlCall call, String engineFunction) {
    SqlWriter.Frame frame = writer.startFunCall(engineFunction);
    call.getOperandList().forEach(operand -> {
      writer.sep(",");
      operand.unparse(writer, 0, 0);
    });
    writer.endFunCall(frame);
  }
}
