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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * The demo's differential-privacy chapter: a table with a budget, noisy answers, a join with another party's DP table
 * on the person both name, and the budget running out.
 */
final class DemoPrivacy {
  private static final String POLICY = """
      {"table": "loyalty", "subject": "email_hash", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "tier": ["group_by", "output"], "points": ["aggregate"]},
       "analysts": ["analyst"], "recipients": ["analyst", "merchant"],
       "dp": {"epsilon_budget": 2.0, "epsilon_per_query": 1.0, "max_contributions": 1,
              "bounds": {"points": [0, 10000]}}}
      """;
  private static final String CARDS_POLICY = """
      {"table": "cards", "subject": "email_hash", "min_group_size": 5,
       "columns": {"email_hash": ["join_key"], "card_type": ["group_by", "output"]},
       "analysts": ["analyst"], "recipients": ["analyst", "bank"],
       "dp": {"epsilon_budget": 2.0, "epsilon_per_query": 1.0, "max_contributions": 1, "bounds": {}}}
      """;
  private static final String BY_TIER = "SELECT tier, COUNT(*) AS members, SUM(points) AS points FROM loyalty GROUP BY tier";
  private static final String BY_TIER_AND_CARD = "SELECT l.tier, c.card_type, COUNT(*) AS members FROM loyalty l"
      + " JOIN cards c ON l.email_hash = c.email_hash GROUP BY l.tier, c.card_type";
  private static final String[] CARD_TYPES = {"debit", "credit"};

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

    story.heading("The bank publishes 'cards' with differential privacy (some people hold two cards); both tables"
        + " name the person by email hash");
    Path cardsCsv = writeCards(directory.resolve("cards.csv"), 20_000);
    DatasetKeyStore bankKeys = new DatasetKeyStore(directory.resolve("keys").resolve("bank.datasets"));
    DatasetPublisher.Published cards = new DatasetPublisher(bank, bankKeys).publish(room, "cards",
        TableSource.open(cardsCsv, null), DatasetCodec.policy(Json.parse(CARDS_POLICY, "policy"), "policy"),
        Optional.empty(), DatasetPublisher.Progress.NONE);
    story.say("bank accepts -> " + bank.vote(room, cards.proposal().proposal(), Vote.ACCEPT).state());
    story.say("analyst accepts -> " + analyst.vote(room, cards.proposal().proposal(), Vote.ACCEPT).state());
    story.say("bank releases its key: " + new KeyReleaser(bank, bankKeys).release(room, "cards", false).reason());
    QueryClient.Run joined = queries.runSql(room, BY_TIER_AND_CARD, List.of());
    story.say("members by tier and card type, joined on the email hash: " + joined.outcome().reason());
    for (List<Object> row : queries.result(room, joined.runId()).table().rows()) {
      story.say(String.format("  %-10s %-8s %8s", row.get(0), row.get(1), row.get(2)));
    }
    story.say("every joined row is one person's, and each person counts at most once: of a member's two cards one"
        + " is drawn at random, once per key release (the runtime's bounded copy of 'cards'); the query spends the"
        + " analyst's other epsilon 1 on loyalty and its first on cards");

    story.heading("The budget is spent: the next query is refused before it runs, and the refusal is recorded");
    RoomLedgerState state = bank.verifiedState(room);
    for (PrivacyBudgets.Account account : state.budgets().accounts(state.governance().orElseThrow().contract())) {
      story.say(String.format("budget of %-8s on %s: %s spent of %s, %s left", account.party(), account.table(),
          account.epsilonSpent().toPlainString(), account.budget().toPlainString(), account.remaining().toPlainString()));
    }
    story.refused("a third query by the analyst", () -> queries.runSql(room, BY_TIER, List.of()));
  }

  /** The person's email hash, as both parties compute it from the address (members 0 to n-1). */
  private static String emailHash(int member) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("member" + member + "@example.com").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /**
   * Cards of three in four loyalty members and of 5,000 people who are not members: one card each, and a third of the
   * cardholders hold both a debit and a credit card.
   */
  private static Path writeCards(Path file, int members) throws IOException {
    Random random = new Random(7);
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("email_hash,card_type\n");
      for (int person = 0; person < members + 5_000; person++) {
        if (person >= members || random.nextInt(4) > 0) {
          if (random.nextInt(3) == 0) {
            out.write(emailHash(person) + ",debit\n" + emailHash(person) + ",credit\n");
          } else {
            out.write(emailHash(person) + "," + CARD_TYPES[random.nextInt(CARD_TYPES.length)] + "\n");
          }
        }
      }
    }
    return file;
  }

  private static Path write(Path file, int members, Map<String, long[]> exact) throws IOException {
    Random random = new Random(5);
    String[] tiers = {"bronze", "silver", "gold"};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("email_hash,tier,points\n");
      for (int i = 0; i < members; i++) {
        String tier = tiers[random.nextInt(10) < 6 ? 0 : random.nextInt(10) < 8 ? 1 : 2];
        long points = Math.min(10_000, (long) (random.nextDouble() * random.nextDouble() * 12_000));
        out.write(emailHash(i) + "," + tier + "," + points + "\n");
        long[] totals = exact.computeIfAbsent(tier, t -> new long[2]);
        totals[0]++;
        totals[1] += points;
      }
    }
    return file;
  }
}
