package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.party.PartyId;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BudgetAccountTest {
  private static final PartyId BANK = PartyId.of("bank");

  @Test
  void spend_tenTimesOneTenth_exhaustsABudgetOfOneExactly() {
    BudgetAccount account = BudgetAccount.open(BANK, "sales", PrivacyCost.of(1.0, 0));
    PrivacyCost tenth = PrivacyCost.of(0.1, 0);
    for (int i = 0; i < 10; i++) {
      assertThat(account.canSpend(tenth)).isTrue();
      account = account.spend(tenth);
    }
    assertThat(account.spent()).isEqualTo(PrivacyCost.of("1.0", "0"));
    assertThat(account.remaining()).isEqualTo(PrivacyCost.ZERO);
    assertThat(account.canSpend(tenth)).isFalse();
    BudgetAccount exhausted = account;
    assertThatThrownBy(() -> exhausted.spend(tenth))
        .isInstanceOfSatisfying(CleanroomException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN))
        .hasMessageContaining("bank").hasMessageContaining("sales").hasMessageContaining("exhausted");
  }

  @Test
  void spend_deltaRunsOutFirst_isRefused() {
    BudgetAccount account = BudgetAccount.open(BANK, "sales", PrivacyCost.of("10", "1e-6"));
    PrivacyCost query = PrivacyCost.of("1", "4e-7");
    account = account.spend(query).spend(query);
    assertThat(account.canSpend(query)).isFalse();
    assertThat(account.canSpend(PrivacyCost.of("1", "2e-7"))).isTrue();
  }

  @Test
  void spend_returnsNewAccount_leavingTheOriginalUnchanged() {
    BudgetAccount fresh = BudgetAccount.open(BANK, "sales", PrivacyCost.of("2", "0"));
    BudgetAccount after = fresh.spend(PrivacyCost.of("0.5", "0"));
    assertThat(fresh.spent()).isEqualTo(PrivacyCost.ZERO);
    assertThat(after.spent()).isEqualTo(PrivacyCost.of("0.5", "0"));
  }

  @Test
  void constructor_spentBeyondTotal_throws() {
    assertThatThrownBy(() -> new BudgetAccount(BANK, "sales", PrivacyCost.of("1", "0"), PrivacyCost.of("1.5", "0")))
        .isInstanceOf(CleanroomException.class);
  }

  @Test
  void spend_randomBudgetsAndCosts_acceptsExactlyFloorOfBudgetOverCost() {
    // budget = (k * c + r) / 10^s and cost = c / 10^s with 0 <= r < c: exactly k spends fit.
    qt().withExamples(300).forAll(
        integers().between(1, 5_000),
        integers().between(0, 400),
        integers().between(0, Integer.MAX_VALUE - 1),
        integers().between(0, 6))
        .checkAssert((costUnits, expectedSpends, remainderSeed, scale) -> {
          int remainder = remainderSeed % costUnits;
          BigDecimal cost = BigDecimal.valueOf(costUnits, scale);
          BigDecimal budget = BigDecimal.valueOf((long) expectedSpends * costUnits + remainder, scale);
          BudgetAccount account = BudgetAccount.open(BANK, "sales", PrivacyCost.pure(budget));
          int accepted = 0;
          while (account.canSpend(PrivacyCost.pure(cost))) {
            account = account.spend(PrivacyCost.pure(cost));
            accepted++;
            assertThat(accepted).isLessThanOrEqualTo(expectedSpends);
          }
          assertThat(accepted).isEqualTo(expectedSpends);
          assertThat(account.spent().isWithin(account.total())).isTrue();
          assertThat(budget.divideToIntegralValue(cost).intValueExact()).isEqualTo(expectedSpends);
        });
  }
}
