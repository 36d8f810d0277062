package dev.cleanroom.privacy;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PartyId;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The privacy budget one party holds on one dataset: the total it may spend and what it has spent so far, under
 * basic sequential composition (the epsilons of all answered queries add up, and so do the deltas).
 *
 * <p>Accounting is exact: both parts are {@link BigDecimal}s, so a total of {@code 1} allows exactly ten spends of
 * {@code 0.1} and an eleventh is refused; generally a total {@code B} allows exactly {@code floor(B / c)} spends of
 * a cost {@code c}.
 *
 * <p>Instances are immutable: {@link #spend} returns a new account. The class does no locking; the caller that
 * keeps the current account (the ledger) must make check-and-spend atomic, for example by recording the spend and
 * the query under one ledger append.
 *
 * @param party the party that spends
 * @param datasetId the dataset the budget protects
 * @param total the budget granted by the dataset's policy
 * @param spent the sum of the costs of the queries answered so far, never more than {@code total}
 */
public record BudgetAccount(PartyId party, String datasetId, PrivacyCost total, PrivacyCost spent) {
  public BudgetAccount {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(datasetId, "datasetId");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(spent, "spent");
    if (!spent.isWithin(total)) {
      throw CleanroomException.invalid("privacy budget of party '" + party + "' on dataset '" + datasetId
          + "': spent " + spent + " exceeds the total " + total);
    }
  }

  /** A fresh account with nothing spent. */
  public static BudgetAccount open(PartyId party, String datasetId, PrivacyCost total) {
    return new BudgetAccount(party, datasetId, total, PrivacyCost.ZERO);
  }

  /** What is left: {@code total - spent}, part by part. */
  public PrivacyCost remaining() {
    return new PrivacyCost(total.epsilon().subtract(spent.epsilon()), total.delta().subtract(spent.delta()));
  }

  /** Whether {@code spent + cost} stays within {@code total} in both epsilon and delta. */
  public boolean canSpend(PrivacyCost cost) {
    Objects.requireNonNull(cost, "cost");
    BigDecimal epsilonAfter = spent.epsilon().add(cost.epsilon());
    BigDecimal deltaAfter = spent.delta().add(cost.delta());
    return epsilonAfter.compareTo(total.epsilon()) <= 0 && deltaAfter.compareTo(total.delta()) <= 0;
  }

  /**
   * The account after spending {@code cost}.
   *
   * @throws CleanroomException with {@link ErrorCode#FORBIDDEN} if the cost does not fit in what is left
   */
  public BudgetAccount spend(PrivacyCost cost) {
    if (!canSpend(cost)) {
      throw new CleanroomException(ErrorCode.FORBIDDEN, "privacy budget of party '" + party + "' on dataset '"
          + datasetId + "' is exhausted: the query costs " + cost + " but only " + remaining() + " of "
          + total + " is left");
    }
    return new BudgetAccount(party, datasetId, total, spent.plus(cost));
  }
}
