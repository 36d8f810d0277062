package dev.cleanroom.cli;

import dev.cleanroom.client.CleanroomClient;
import dev.cleanroom.client.DatasetKeyStore;
import dev.cleanroom.client.DatasetPublisher;
import dev.cleanroom.client.KeyReleaser;
import dev.cleanroom.client.QueryClient;
import dev.cleanroom.client.TableSource;
import dev.cleanroom.core.contract.RoomId;
import dev.cleanroom.core.governance.Vote;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import dev.cleanroom.protocol.PrivacyBudgets;
import dev.cleanroom.protocol.ResultDocument;
import dev.cleanroom.protocol.RoomLedgerState;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/** The demo's differential-privacy chapter: a table with a budget, noisy answers, and the budget running out. */
final class DemoPrivacy {
  private static final String POLICY = """
      {"table": "loyalty", "subject": "member_id", "min_group_size": 5,
       "columns": {"member_id": [], "tier": ["group_by", "output"], "points": ["aggregate"]},
       "analysts": ["analyst"], "recipients": ["analyst", "merchant"],
       "dp": {"epsilon_budget": 2.0, "epsilon_per_query": 1.0, "max_contributions": 1,
              "bounds": {"points": [0, 10000]}}}
      """;
  private static final String BY_TIER = "SELECT tier, COUNT(*) AS members, SUM(points) AS points FROM loyalty GROUP BY tier";

  private final Demo story;
  private final Path directory;
  private final RoomId room;

  DemoPrivacy(Demo story, Path directory, RoomId room) {
    this.story = story;
    this.directory = directory;
    this.room = room;
  }

  void run(CleanroomClient bank, CleanroomClient merchant, CleanroomClient analyst) throws IOException {
    story.heading("The merchant publishes 'loyalty' with differential privacy: epsilon 1 per query, a budget of 2");
    Map<String, long[]> exact = new TreeMap<>();
    Path csv = write(directory.resolve("loyalty.csv"), 20_000, exact);
    DatasetKeyStore keys = new DatasetKeyStore(directory.resolve("keys").resolve("merchant.datasets"));
    DatasetPublisher.Published published = new DatasetPublisher(merchant, keys).publish(room, "loyalty",
        TableSource.open(csv, null), DatasetCodec.policy(Json.parse(POLICY, "policy"), "policy"), Optional.empty(),
        DatasetPublisher.Progress.NONE);
    story.say("merchant accepts -> " + merchant.vote(room, published.proposal().proposal(), Vote.ACCEPT).state());
    story.say("analyst accepts -> " + analyst.vote(room, published.proposal().proposal(), Vote.ACCEPT).state());
    story.say("merchant releases its key: " + new KeyReleaser(merchant, keys).release(room, "loyalty", false).reason());

    story.heading("The analyst asks for members and points by tier: the answer is noisy, and says so");
    QueryClient queries = new QueryClient(analyst);
    QueryClient.Run run = queries.runSql(room, BY_TIER, List.of());
    ResultDocument result = queries.result(room, run.runId());
    story.say(run.outcome().reason());
    story.say(String.format("  %-10s %14s %14s   %s", "tier", "members", "points", "(the merchant's exact figures)"));
    for (List<Object> row : result.table().rows()) {
      long[] truth = exact.get(row.get(0).toString());
      story.say(String.format("  %-10s %14s %14.0f   (%d, %d)", row.get(0), row.get(1), ((Number) row.get(2)).doubleValue(),
          truth[0], truth[1]));
    }
    story.say("noisy: " + result.noisy() + ", epsilon spent: " + result.epsilonSpent().orElse("0")
        + "; every member is counted at most once (contribution bounding), points clamped to [0, 10000]");
    queries.runSql(room, "SELECT tier, COUNT(*) AS members FROM loyalty GROUP BY tier", List.of());
    story.say("a second query spends the analyst's other epsilon 1");

    story.heading("The budget is spent: the next query is refused before it runs, and the refusal is recorded");
    RoomLedgerState state = bank.verifiedState(room);
    for (PrivacyBudgets.Account account : state.budgets().accounts(state.governance().orElseThrow().contract())) {
      story.say(String.format("budget of %-8s on %s: %s spent of %s, %s left", account.party(), account.table(),
          account.epsilonSpent().toPlainString(), account.budget().toPlainString(), account.remaining().toPlainString()));
    }
    story.refused("a third query by the analyst", () -> queries.runSql(room, BY_TIER, List.of()));
  }

  private static Path write(Path file, int members, Map<String, long[]> exact) throws IOException {
    Random random = new Random(5);
    String[] tiers = {"bronze", "silver", "gold"};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("member_id,tier,points\n");
      for (int i = 0; i < members; i++) {
        String tier = tiers[random.nextInt(10) < 6 ? 0 : random.nextInt(10) < 8 ? 1 : 2];
        long points = Math.min(10_000, (long) (random.nextDouble() * random.nextDouble() * 12_000));
        out.write(i + "," + tier + "," + points + "\n");
        long[] totals = exact.computeIfAbsent(tier, t -> new long[2]);
        totals[0]++;
        totals[1] += points;
      }
    }
    return file;
  }
}
