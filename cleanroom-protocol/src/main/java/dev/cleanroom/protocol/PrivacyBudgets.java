package dev.cleanroom.protocol;

import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.dataset.PrivacySettings;
import dev.cleanroom.core.party.PartyId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Differential-privacy budgets as the ledger defines them: for each party and each table with a {@code dp}
 * policy, the sum of the epsilons (and deltas) the party was charged by recorded runs — sequential composition.
 * Anyone replaying the ledger gets the same numbers. The budget is the table's {@code epsilon_budget} per party;
 * spending is kept across changes of the table's entry. Not thread-safe: owned by {@link RoomLedgerState}.
 */
public final class PrivacyBudgets {
  private final Map<String, BigDecimal[]> spent = new HashMap<>();

  /** One party's account on one table. */
  public record Account(PartyId party, String table, BigDecimal budget, BigDecimal epsilonSpent, BigDecimal deltaSpent) {
    public Account {
      budget = budget.stripTrailingZeros();
      epsilonSpent = epsilonSpent.stripTrailingZeros();
      deltaSpent = deltaSpent.stripTrailingZeros();
    }

    public BigDecimal remaining() {
      return budget.subtract(epsilonSpent).max(BigDecimal.ZERO).stripTrailingZeros();
    }
  }

  private static String key(PartyId party, String table) {
    return party.value() + "/" + table;
  }

  public BigDecimal epsilonSpent(PartyId party, String table) {
    BigDecimal[] totals = spent.get(key(party, table));
    return totals == null ? BigDecimal.ZERO : totals[0];
  }

  public BigDecimal deltaSpent(PartyId party, String table) {
    BigDecimal[] totals = spent.get(key(party, table));
    return totals == null ? BigDecimal.ZERO : totals[1];
  }

  /** The first spend in {@code spends} that would take its party past the table's budget, described; empty if none. */
  public Optional<String> overspend(Contract contract, List<QueryRun.Spend> spends) {
    Map<String, BigDecimal> pending = new HashMap<>();
    for (QueryRun.Spend spend : spends) {
      Optional<PrivacySettings> dp = DatasetEntries.find(contract, spend.table()).flatMap(m -> m.policy().privacy());
      if (dp.isEmpty()) {
        return Optional.of("table '" + spend.table() + "' has no privacy budget to charge");
      }
      BigDecimal budget = BigDecimal.valueOf(dp.get().epsilonBudget()).stripTrailingZeros();
      BigDecimal after = pending.getOrDefault(key(spend.party(), spend.table()), epsilonSpent(spend.party(), spend.table()))
          .add(spend.epsilon());
      if (after.compareTo(budget) > 0) {
        return Optional.of("party '" + spend.party() + "' has spent " + epsilonSpent(spend.party(), spend.table()).toPlainString()
            + " of its epsilon budget " + budget.toPlainString() + " on table '" + spend.table() + "'; this query needs "
            + spend.epsilon().toPlainString() + " more");
      }
      pending.put(key(spend.party(), spend.table()), after);
    }
    return Optional.empty();
  }

  void record(List<QueryRun.Spend> spends) {
    for (QueryRun.Spend spend : spends) {
      BigDecimal[] totals = spent.computeIfAbsent(key(spend.party(), spend.table()), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      totals[0] = totals[0].add(spend.epsilon());
      totals[1] = totals[1].add(spend.delta());
    }
  }

  /** Every member's account on every table with a {@code dp} policy. */
  public List<Account> accounts(Contract contract) {
    List<Account> accounts = new ArrayList<>();
    for (DatasetManifest manifest : DatasetEntries.all(contract)) {
      if (manifest.policy().privacy().isEmpty()) {
        continue;
      }
      BigDecimal budget = BigDecimal.valueOf(manifest.policy().privacy().get().epsilonBudget());
      for (PartyId party : contract.members().keySet()) {
        accounts.add(new Account(party, manifest.table(), budget, epsilonSpent(party, manifest.table()),
            deltaSpent(party, manifest.table())));
      }
    }
    return accounts;
  }
}
