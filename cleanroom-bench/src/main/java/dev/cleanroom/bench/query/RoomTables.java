package dev.cleanroom.bench.query;

import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.policy.TableInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policies of the two tables, as {@code docs/policy.md} writes them: the bank's customers
 * ({@code email_hash} a join key, {@code age_band} and {@code region} for grouping and output,
 * {@code income} for aggregates only, {@code customer_id} the hidden subject) and the merchant's
 * purchases ({@code email_hash} the join key and subject, {@code category} for grouping and output,
 * {@code amount} for aggregates only); groups of fewer than 5 subjects are suppressed; the analyst
 * may query and receive results. Optionally with a {@code dp} block on each table.
 */
public final class RoomTables {
  public static final PartyId BANK = PartyId.of("bank");
  public static final PartyId MERCHANT = PartyId.of("merchant");
  public static final PartyId ANALYST = PartyId.of("analyst");
  public static final int MIN_GROUP_SIZE = 5;

  private RoomTables() {}

  /** Both tables without differential privacy. */
  public static List<TableInfo> plain() {
    return List.of(customers(Optional.empty()), purchases(Optional.empty()));
  }

  /**
   * Both tables without differential privacy, the customers' subject being {@code email_hash} as
   * in {@link #withPrivacy}: the same policies without their {@code dp} blocks.
   */
  public static List<TableInfo> plainByEmail() {
    return List.of(customers(Optional.empty(), "email_hash"), purchases(Optional.empty()));
  }

  /**
   * Both tables with a {@code dp} block: these contributions per subject and these bounds. The
   * customers' subject is {@code email_hash}, one per customer, so that a DP join of the two
   * tables is on the subject of both, as the checker requires: every joined row is one person's.
   */
  public static List<TableInfo> withPrivacy(int maxContributions, double incomeHigh,
      double amountHigh) {
    PrivacySettings customers = new PrivacySettings(100.0, 1.0, maxContributions,
        Map.of("income", new PrivacySettings.Bounds(0, incomeHigh)));
    PrivacySettings purchases = new PrivacySettings(100.0, 1.0, maxContributions,
        Map.of("amount", new PrivacySettings.Bounds(0, amountHigh)));
    return List.of(customers(Optional.of(customers), "email_hash"),
        purchases(Optional.of(purchases)));
  }

  static TableInfo customers(Optional<PrivacySettings> privacy) {
    return customers(privacy, "customer_id");
  }

  static TableInfo customers(Optional<PrivacySettings> privacy, String subject) {
    DatasetPolicy policy = new DatasetPolicy("customers", subject, MIN_GROUP_SIZE,
        Map.of("customer_id", Set.of(),
            "email_hash", Set.of(ColumnUse.JOIN_KEY),
            "age_band", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "region", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "income", Set.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(MERCHANT, ANALYST), privacy);
    return new TableInfo("customers", BANK, BankMerchantData.CUSTOMER_COLUMNS, policy);
  }

  static TableInfo purchases(Optional<PrivacySettings> privacy) {
    DatasetPolicy policy = new DatasetPolicy("purchases", "email_hash", MIN_GROUP_SIZE,
        Map.of("email_hash", Set.of(ColumnUse.JOIN_KEY),
            "category", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "amount", Set.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(BANK, MERCHANT, ANALYST), privacy);
    return new TableInfo("purchases", MERCHANT, BankMerchantData.PURCHASE_COLUMNS, policy);
  }
}
