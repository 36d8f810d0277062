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
  /** DuckDB counts distinct subjects quickly enough that a capped count would gain nothing. */
  DUCKDB("duckdb", EngineFunctions.DUCKDB, false),
  /**
   * Spark counts distinct values with a second aggregation over every distinct one (and rows copied once per
   * counted table); the group sizes are asked for only as capped counts, which its adapter registers as
   * {@value #SPARK_DISTINCT_UP_TO}.
   */
  SPARK("spark", EngineFunctions.SPARK, true);

  /** The aggregate an engine on the Spark dialect must offer: {@code (BIGINT value, INT cap) -> BIGINT}. */
  public static final String SPARK_DISTINCT_UP_TO = EngineFunctions.SPARK_DISTINCT_UP_TO;

  private final String engineName;
  private final SqlDialect dialect;
  private final boolean cappedGroupSizes;

  EngineDialect(String engineName, SqlDialect dialect, boolean cappedGroupSizes) {
    this.engineName = engineName;
    this.dialect = dialect;
    this.cappedGroupSizes = cappedGroupSizes;
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

  /** Whether group sizes that only meet a threshold are asked for as counts capped at the threshold. */
  boolean cappedGroupSizes() {
    return cappedGroupSizes;
  }
}
