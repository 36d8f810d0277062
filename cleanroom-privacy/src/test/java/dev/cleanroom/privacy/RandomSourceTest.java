package dev.cleanroom.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class RandomSourceTest {
  @Test
  void seeded_sameSeed_givesSameSequence() {
    RandomSource first = RandomSource.insecureSeededForTests(42);
    RandomSource second = RandomSource.insecureSeededForTests(42);
    for (int i = 0; i < 100; i++) {
      assertThat(first.nextLong(1_000_000)).isEqualTo(second.nextLong(1_000_000));
    }
    assertThat(first.toString()).contains("not secure");
  }

  @Test
  void secure_draws_stayInRange() {
    RandomSource random = RandomSource.secure();
    for (int i = 0; i < 1000; i++) {
      assertThat(random.nextInt(7)).isBetween(0, 6);
      assertThat(random.nextLong(3)).isBetween(0L, 2L);
    }
  }

  @Test
  void nextBigInteger_defaultMethodWithHugeBound_isUniformOverTopBits() {
    // Exercises the interface's default (not the SecureRandom override) through a wrapper.
    RandomSource seeded = RandomSource.insecureSeededForTests(3);
    RandomSource wrapper = seeded::nextLong;
    BigInteger bound = BigInteger.ONE.shiftLeft(100).multiply(BigInteger.valueOf(3));
    int[] thirds = new int[3];
    int draws = 30_000;
    BigInteger third = BigInteger.ONE.shiftLeft(100);
    for (int i = 0; i < draws; i++) {
      BigInteger value = wrapper.nextBigInteger(bound);
      assertThat(value.signum()).isNotNegative();
      assertThat(value).isLessThan(bound);
      thirds[value.divide(third).intValueExact()]++;
    }
    double expected = draws / 3.0;
    double tolerance = 5 * Math.sqrt(draws * (1 / 3.0) * (2 / 3.0));
    for (int count : thirds) {
      assertThat(Math.abs(count - expected)).isLessThan(tolerance);
    }
  }

  @Test
  void nextLong_nonPositiveBound_throws() {
    assertThatThrownBy(() -> RandomSource.secure().nextLong(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
