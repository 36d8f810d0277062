package dev.cleanroom.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ResultTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * An in-memory DuckDB loaded with generated plaintext tables, and the runtime's half of the contract: run an
 * allowed query, bind its parameters, suppress rows whose groups are too small, drop the group-size columns.
 */
final class DuckDbHarness implements AutoCloseable {
  static final String[] AGE_BANDS = {"18-25", "26-35", "36-50", "51-65", "65+"};
  static final String[] CATEGORIES = {"grocery", "travel", "fashion", "electronics"};

  /** The visible rows of a result (values normalised for comparison) and how many rows were suppressed. */
  record Result(List<List<String>> rows, int suppressed) {}

  private final Connection connection;

  private DuckDbHarness(Connection connection) {
    this.connection = connection;
  }

  static DuckDbHarness empty() throws SQLException {
    DuckDbHarness harness = new DuckDbHarness(DriverManager.getConnection("jdbc:duckdb:"));
    harness.execute("CREATE TABLE customers (customer_id BIGINT, email_hash VARCHAR, age_band VARCHAR, region VARCHAR,"
        + " income BIGINT, churn_score DOUBLE)");
    harness.execute("CREATE TABLE purchases (email_hash VARCHAR, category VARCHAR, amount DOUBLE)");
    return harness;
  }

  /**
   * 400 bank customers over five regions (Islands has only three people, so its groups are suppressed) and the
   * merchant's purchases: two thirds of the customers shop there, plus 150 shoppers the bank does not know, and a
   * rare 'luxury' category bought by four people.
   */
  static DuckDbHarness generated() throws SQLException {
    DuckDbHarness harness = empty();
    Random random = new Random(20261125L);
    String[] regions = {"North", "South", "East", "West"};
    for (int id = 1; id <= 400; id++) {
      String region = id <= 3 ? "Islands" : regions[random.nextInt(regions.length)];
      harness.addCustomer(id, "h" + id, AGE_BANDS[random.nextInt(AGE_BANDS.length)], region,
          10_000 + random.nextInt(190_000), random.nextDouble());
    }
    for (int id = 1; id <= 550; id++) {
      if (id <= 400 && id % 3 == 0) {
        continue;
      }
      int purchases = 1 + random.nextInt(4);
      for (int i = 0; i < purchases; i++) {
        harness.addPurchase("h" + id, CATEGORIES[random.nextInt(CATEGORIES.length)], 5 + random.nextInt(500) + random.nextInt(100) / 100.0);
      }
      if (id % 100 == 1) {
        harness.addPurchase("h" + id, "luxury", 5000.0);
      }
    }
    return harness;
  }

  void addCustomer(long id, String emailHash, String ageBand, String region, long income, double churnScore) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, emailHash);
      insert.setString(3, ageBand);
      insert.setString(4, region);
      insert.setLong(5, income);
      insert.setDouble(6, churnScore);
      insert.executeUpdate();
    }
  }

  void addPurchase(String emailHash, String category, double amount) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO purchases VALUES (?, ?, ?)")) {
      insert.setString(1, emailHash);
      insert.setString(2, category);
      insert.setDouble(3, amount);
      insert.executeUpdate();
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Runs an allowed query the way the runtime does, suppressing groups below the minimum size. Where the decision has
   * a screening SQL, that runs too, and whenever it decides every group, its release must be the exact one's.
   */
  Result runAllowed(Decision.Allowed allowed, Map<String, Object> parameters) throws SQLException {
    Result exact = runExact(allowed, parameters);
    if (allowed.screening().isPresent()) {
      Optional<Result> screened = runScreening(allowed, parameters);
      if (screened.isPresent()) {
        assertThat(screened.get().rows()).as("released rows of the screening SQL")
            .containsExactlyInAnyOrderElementsOf(exact.rows());
        assertThat(screened.get().suppressed()).as("groups suppressed by the screening SQL").isEqualTo(exact.suppressed());
      }
    }
    return exact;
  }

  /** The release of the screening SQL when it decides every group, as the runtime would use it; empty if not. */
  Optional<Result> runScreening(Decision.Allowed allowed, Map<String, Object> parameters) throws SQLException {
    Decision.Screening screening = allowed.screening().orElseThrow();
    try (PreparedStatement statement = connection.prepareStatement(screening.sql())) {
      for (int i = 0; i < screening.parameterOrder().size(); i++) {
        statement.setObject(i + 1, parameters.get(screening.parameterOrder().get(i)));
      }
      int outputs = allowed.outputColumns().size();
      List<ResultTable.Column> columns = new ArrayList<>();
      List<List<Object>> sizes = new ArrayList<>();
      List<List<String>> visible = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        int width = result.getMetaData().getColumnCount();
        assertThat(width).isEqualTo(outputs + allowed.groupSizeColumns().size() + 1);
        for (int i = 1; i <= width; i++) {
          columns.add(new ResultTable.Column(i <= outputs ? "c" + i : result.getMetaData().getColumnLabel(i),
              ColumnType.BIGINT));
        }
        while (result.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= width; i++) {
            row.add(i <= outputs ? null : result.getObject(i));
          }
          sizes.add(row);
          visible.add(row(result, outputs));
        }
      }
      ResultTable lowerBounds = allowed.screeningBounds(new ResultTable(columns, sizes));
      if (!allowed.screeningDecides(lowerBounds)) {
        return Optional.empty();
      }
      List<List<String>> kept = new ArrayList<>();
      int suppressed = 0;
      int[] bounds = IntStream.range(outputs, outputs + allowed.groupSizeColumns().size()).toArray();
      for (int r = 0; r < sizes.size(); r++) {
        if (allowed.largeEnough(lowerBounds.rows().get(r), bounds)) {
          kept.add(visible.get(r));
        } else {
          suppressed++;
        }
      }
      return Optional.of(new Result(kept, suppressed));
    }
  }

  private Result runExact(Decision.Allowed allowed, Map<String, Object> parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(allowed.sql())) {
      for (int i = 0; i < allowed.parameterOrder().size(); i++) {
        String name = allowed.parameterOrder().get(i);
        assertThat(parameters).containsKey(name);
        statement.setObject(i + 1, parameters.get(name));
      }
      int outputs = allowed.outputColumns().size();
      List<List<String>> rows = new ArrayList<>();
      int suppressed = 0;
      try (ResultSet result = statement.executeQuery()) {
        assertThat(result.getMetaData().getColumnCount()).isEqualTo(outputs + allowed.groupSizeColumns().size());
        while (result.next()) {
          boolean small = false;
          for (int i = 0; i < allowed.groupSizeColumns().size(); i++) {
            small |= result.getLong(outputs + i + 1) < allowed.minGroupSize();
          }
          if (small) {
            suppressed++;
          } else {
            rows.add(row(result, outputs));
          }
        }
      }
      return new Result(rows, suppressed);
    }
  }

  /** Runs plain SQL directly, for reference results. */
  List<List<String>> run(String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      List<List<String>> rows = new ArrayList<>();
      while (result.next()) {
        rows.add(row(result, result.getMetaData().getColumnCount()));
      }
      return rows;
    }
  }

  /**
   * Runs an allowed query without parameters and returns every column, hidden ones included, by the name the engine
   * reports, as the runtime sees the result before releasing it.
   */
  List<Map<String, String>> runRaw(Decision.Allowed allowed) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(allowed.sql())) {
      List<Map<String, String>> rows = new ArrayList<>();
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = row(result, columns);
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < columns; i++) {
          named.put(result.getMetaData().getColumnLabel(i + 1), values.get(i));
        }
        rows.add(named);
      }
      return rows;
    }
  }

  private static List<String> row(ResultSet result, int columns) throws SQLException {
    List<String> row = new ArrayList<>();
    for (int i = 1; i <= columns; i++) {
      Object value = result.getObject(i);
      if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
        value = new BigDecimal(value.toString()).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
      } else if (value instanceof Number) {
        value = new BigDecimal(value.toString()).toPlainString();
      }
      row.add(String.valueOf(value));
    }
    return row;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
