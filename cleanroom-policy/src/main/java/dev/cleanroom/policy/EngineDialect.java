package dev.cleanroom.policy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.policy.internal.EngineFunctions;
import java.util.Arrays;
import java.util.Locale;
import org.apache.calcite.sql.SqlDialect;

/**
 * The SQL an approved plan is written back in, one per engine adapter. The checker decides on the plan, whatever the
 * dialect; only the text that the engine runs differs (quoting, function names).
 */
public enum EngineDialect {
  /**
   * DuckDB has no aggregate that keeps a bounded set per group, so a capped count is not available; its plans come
   * with a screening plan ({@link Decision.Screening}) whose group-size bounds need no distinct aggregation.
   */
  DUCKDB("duckdb", EngineFunctions.DUCKDB, GroupSizes.SCREENED),
  /**
   * Spark counts distinct values with a second aggregation over every distinct one (and rows copied once per
   * counted table); the group sizes are asked for only as capped counts, which its adapter registers as
   * {@value #SPARK_DISTINCT_UP_TO}.
   */
  SPARK("spark", EngineFunctions.SPARK, GroupSizes.CAPPED);

  /** How a plan without differential privacy asks the engine for group sizes that only meet a threshold. */
  enum GroupSizes {
    /** Exact distinct counts, and a screening plan with lower and upper bounds to run first. */
    SCREENED,
    /** Distinct counts capped at the threshold. */
    CAPPED
  }

  /** The aggregate an engine on the Spark dialect must offer: {@code (BIGINT value, INT cap) -> BIGINT}. */
  public static final String SPARK_DISTINCT_UP_TO = EngineFunctions.SPARK_DISTINCT_UP_TO;

  private final String engineName;
  private final SqlDialect dialect;
  private final GroupSizes groupSizes;

  EngineDialect(String engineName, SqlDialect dialect, GroupSizes groupSizes) {
    this.engineName = engineName;
    this.dialect = dialect;
    this.groupSizes = groupSizes;
  }

  /** The dialect of the engine that {@code QueryEngine.sqlDialect()} names, e.g. {@code spark}. */
  public static EngineDialect of(String engineName) {
    return Arrays.stream(values())
        .filter(value -> value.engineName.equals(engineName.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> CleanroomException.invalid("no SQL dialect for engine '" + engineName + "'; known: "
            + Arrays.stream(values()).map(value -> value.engineName).toList()));
  }

  SqlDialect calciteDialect() {
    return dialect;
  }

  GroupSizes groupSizes() {
    return groupSizes;
  }
}
