package dev.cleanroom.cli;

import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.QueryClient;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.engine.ResultTable;
import dev.cleanroom.core.governance.ProposalId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.protocol.ResultDocument;
import java.util.List;
import java.util.Map;

/** The demo's query chapters: an ad-hoc join sealed to the merchant, refusals, suppression, and a template. */
final class DemoQueries {
  static final String SPEND_BY_AGE = "SELECT c.age_band, COUNT(*) AS purchases, ROUND(SUM(p.amount), 2) AS spend\n"
      + "FROM customers c JOIN purchases p ON c.email_hash = p.email_hash\nGROUP BY c.age_band ORDER BY c.age_band";

  private final Demo story;
  private final RoomId room;

  DemoQueries(Demo story, RoomId room) {
    this.story = story;
    this.room = room;
  }

  void run(CleanroomClient bank, CleanroomClient merchant, CleanroomClient analyst) {
    story.heading("The analyst asks: how much do the bank's customers spend at the merchant, by age band?");
    story.say(SPEND_BY_AGE.replace("\n", " "));
    QueryClient.Run run = new QueryClient(analyst).runSql(room, SPEND_BY_AGE, List.of(PartyId.of("merchant")));
    story.say("the runtime checked the plan against both policies, ran it on DuckDB in memory, sealed the result to the merchant");
    story.say("run " + run.runId().substring(0, 12) + "...: " + run.outcome().reason());
    ResultDocument result = new QueryClient(merchant).result(room, run.runId());
    story.say("the merchant opens it with its own key (hash matches the ledger):");
    print(result.table());
    story.refused("the analyst fetches the merchant's result", () -> new QueryClient(analyst).result(room, run.runId()));

    story.heading("Queries that try to leak rows or hidden columns are refused before they run (and recorded)");
    QueryClient analystQueries = new QueryClient(analyst);
    story.refused("SELECT * FROM customers", () -> analystQueries.runSql(room, "SELECT * FROM customers", List.of()));
    story.refused("a hidden column in the output",
        () -> analystQueries.runSql(room, "SELECT region, AVG(churn_score) FROM customers GROUP BY region", List.of()));
    story.refused("an aggregate-only column used as a filter",
        () -> analystQueries.runSql(room, "SELECT region, COUNT(*) FROM customers WHERE income > 150000 GROUP BY region", List.of()));
    story.refused("a join on a column that is not a join key", () -> analystQueries.runSql(room,
        "SELECT c.region, COUNT(*) FROM customers c JOIN purchases p ON c.age_band = p.category GROUP BY c.region", List.of()));
    story.refused("reading a file from SQL", () -> analystQueries.runSql(room,
        "SELECT COUNT(*) FROM read_csv('/etc/passwd')", List.of()));

    story.heading("Groups smaller than min_group_size (5 customers) are suppressed, and the result says so");
    QueryClient.Run small = analystQueries.runSql(room, "SELECT c.region, p.category, COUNT(*) AS n FROM customers c "
        + "JOIN purchases p ON c.email_hash = p.email_hash GROUP BY c.region, p.category", List.of());
    story.say("purchases by region and category (a few customers bought jewellery): " + small.outcome().reason());

    story.heading("A parameterised template is voted into the contract; the owners of both tables must accept it");
    String sql = "SELECT p.category, COUNT(*) AS purchases, ROUND(AVG(p.amount), 2) AS avg_amount FROM customers c "
        + "JOIN purchases p ON c.email_hash = p.email_hash WHERE c.region = :region GROUP BY p.category";
    ProposalId template = analystQueries.proposeTemplate(room, "spend_by_segment", sql, Map.of("region", ColumnType.VARCHAR),
        "purchases per category for the bank's customers in one region").proposal();
    story.say("analyst proposes spend_by_segment: " + sql);
    story.say("analyst accepts -> " + analyst.vote(room, template, Vote.ACCEPT).state());
    story.say("merchant accepts -> " + merchant.vote(room, template, Vote.ACCEPT).state()
        + " (a majority, but the bank owns one of the tables)");
    story.say("bank accepts -> " + bank.vote(room, template, Vote.ACCEPT).state());
    QueryClient.Run templated = new QueryClient(merchant).runTemplate(room, "spend_by_segment", Map.of("region", "EU"), List.of());
    story.say("the merchant runs it with region=EU (bound as a typed value, never spliced into the SQL): "
        + templated.outcome().reason());
    print(new QueryClient(merchant).result(room, templated.runId()).table());
  }

  private void print(ResultTable table) {
    StringBuilder header = new StringBuilder();
    table.columns().forEach(c -> header.append(String.format("%-14s", c.name())));
    story.say("  " + header.toString().stripTrailing());
    for (List<Object> row : table.rows()) {
      StringBuilder line = new StringBuilder();
      row.forEach(v -> line.append(String.format("%-14s", v)));
      story.say("  " + line.toString().stripTrailing());
    }
  }
}
