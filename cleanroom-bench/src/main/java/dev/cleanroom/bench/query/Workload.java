package dev.cleanroom.bench.query;

import java.util.List;

/**
 * The queries both paths run, over the two tables of {@link BankMerchantData}. Besides the use
 * case's own query, three are shaped like TPC-H queries (a join feeding grouped aggregates, an
 * ordered top-N, an ordered revenue ranking): written by us for these tables, not TPC-H's queries
 * or data. Each passes the policy checker as the analyst.
 */
public final class Workload {
  private Workload() {}

  /**
   * One query.
   *
   * @param name a short name for the tables
   * @param shape what it is like
   * @param sql the SQL the analyst submits
   */
  public record Query(String name, String shape, String sql) {}

  public static final Query SPEND_BY_AGE_BAND = new Query("spend-by-age-band",
      "joint customers' purchases and spend by age band (join, GROUP BY)",
      "SELECT c.age_band, COUNT(*) AS purchases, SUM(p.amount) AS spend"
          + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
          + " GROUP BY c.age_band");

  public static List<Query> all() {
    return List.of(SPEND_BY_AGE_BAND,
        new Query("q1-shaped", "like TPC-H Q1: several aggregates over two grouping keys (join)",
            "SELECT c.region, p.category, COUNT(*) AS purchases, SUM(p.amount) AS spend,"
                + " AVG(p.amount) AS average_amount, AVG(c.income) AS average_income"
                + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
                + " GROUP BY c.region, p.category"),
        new Query("q3-shaped", "like TPC-H Q3: top 10 groups by revenue (join, ORDER BY, LIMIT)",
            "SELECT c.age_band, p.category, SUM(p.amount) AS revenue"
                + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
                + " GROUP BY c.age_band, p.category ORDER BY revenue DESC LIMIT 10"),
        new Query("q5-shaped", "like TPC-H Q5: revenue per region, ranked (join, ORDER BY)",
            "SELECT c.region, SUM(p.amount) AS revenue"
                + " FROM customers c JOIN purchases p ON c.email_hash = p.email_hash"
                + " GROUP BY c.region ORDER BY revenue DESC"));
  }
}
