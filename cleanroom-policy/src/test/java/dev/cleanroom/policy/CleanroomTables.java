package dev.cleanroom.policy;

import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.ColumnUse;
import dev.cleanroom.core.dataset.DatasetPolicy;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.party.PartyId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The two tables of the bank and merchant use case, with their policies, as the tests share them. */
final class CleanroomTables {
  static final PartyId BANK = PartyId.of("bank");
  static final PartyId MERCHANT = PartyId.of("merchant");
  static final PartyId ANALYST = PartyId.of("analyst");
  static final int MIN_GROUP_SIZE = 5;

  static final List<ColumnSchema> CUSTOMER_COLUMNS = List.of(
      new ColumnSchema("customer_id", ColumnType.BIGINT),
      new ColumnSchema("email_hash", ColumnType.VARCHAR),
      new ColumnSchema("age_band", ColumnType.VARCHAR),
      new ColumnSchema("region", ColumnType.VARCHAR),
      new ColumnSchema("income", ColumnType.BIGINT),
      new ColumnSchema("churn_score", ColumnType.DOUBLE));

  static final List<ColumnSchema> PURCHASE_COLUMNS = List.of(
      new ColumnSchema("email_hash", ColumnType.VARCHAR),
      new ColumnSchema("category", ColumnType.VARCHAR),
      new ColumnSchema("amount", ColumnType.DOUBLE));

  private CleanroomTables() {}

  static Map<String, Set<ColumnUse>> customerUses() {
    return Map.of(
        "customer_id", Set.of(),
        "email_hash", Set.of(ColumnUse.JOIN_KEY),
        "age_band", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
        "region", Set.of(ColumnUse.GROUP_BY, ColumnUse.FILTER, ColumnUse.OUTPUT),
        "income", Set.of(ColumnUse.AGGREGATE),
        "churn_score", Set.of());
  }

  static TableInfo customers(Map<String, Set<ColumnUse>> uses, Map<String, Set<String>> aggregateFunctions) {
    return customers(uses, aggregateFunctions, Optional.empty());
  }

  static TableInfo customers(Map<String, Set<ColumnUse>> uses, Map<String, Set<String>> aggregateFunctions,
      Optional<PrivacySettings> privacy) {
    DatasetPolicy policy = new DatasetPolicy("customers", "customer_id", MIN_GROUP_SIZE, uses, aggregateFunctions,
        Set.of(ANALYST), Set.of(MERCHANT, ANALYST), privacy);
    return new TableInfo("customers", BANK, CUSTOMER_COLUMNS, policy);
  }

  static TableInfo customers() {
    return customers(customerUses(), Map.of());
  }

  /** The variant whose policy widens income to MIN and MAX. */
  static TableInfo customersWithMinMax() {
    return customers(customerUses(), Map.of("income", Set.of("MIN", "MAX")));
  }

  static TableInfo purchases() {
    DatasetPolicy policy = new DatasetPolicy("purchases", "email_hash", MIN_GROUP_SIZE,
        Map.of("email_hash", Set.of(ColumnUse.JOIN_KEY),
            "category", Set.of(ColumnUse.GROUP_BY, ColumnUse.OUTPUT),
            "amount", Set.of(ColumnUse.AGGREGATE)),
        Map.of(), Set.of(ANALYST), Set.of(BANK, MERCHANT, ANALYST), Optional.empty());
    return new TableInfo("purchases", MERCHANT, PURCHASE_COLUMNS, policy);
  }

  static PolicyChecker checker() {
    return new PolicyChecker(List.of(customers(), purchases()));
  }

  static PolicyChecker widenedChecker() {
    return new PolicyChecker(List.of(customersWithMinMax(), purchases()));
  }
}
