package dev.cleanroom.bench.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cleanroom.protocol.TableCsv;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankMerchantDataTest {
  private final BankMerchantData data = new BankMerchantData(1_000, 1_000, 42);

  @Test
  void customer_sameSeedAndIndex_sameRow() {
    assertThat(new BankMerchantData(1_000, 1_000, 42).customer(17)).containsExactly(data.customer(17));
  }

  @Test
  void emailHash_distinctPeople_distinctSixtyFourHexDigits() {
    Set<String> hashes = new HashSet<>();
    for (long person = 0; person < 10_000; person++) {
      String hash = data.emailHash(person);
      assertThat(hash).matches("[0-9a-f]{64}");
      hashes.add(hash);
    }

    assertThat(hashes).hasSize(10_000);
  }

  @Test
  void purchase_aboutFourFifths_areByCustomersOfTheFirstHalf() {
    Set<String> firstHalf = new HashSet<>();
    for (long index = 0; index < 500; index++) {
      firstHalf.add(data.emailHash(index));
    }
    long matched = 0;
    for (long index = 0; index < 1_000; index++) {
      if (firstHalf.contains((String) data.purchase(index)[0])) {
        matched++;
      }
    }

    assertThat(matched).isBetween(740L, 860L);
  }

  @Test
  void writeCustomers_readBackWithTheSchema_givesTheGeneratedRows(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("customers.csv");
    data.writeCustomers(file);
    List<Object[]> rows = new ArrayList<>();

    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      TableCsv.read(reader, "customers", BankMerchantData.CUSTOMER_COLUMNS, rows::add);
    }

    assertThat(rows).hasSize(1_000);
    assertThat(rows.get(3)).containsExactly(data.customer(3));
  }

  @Test
  void writePurchases_readBackWithTheSchema_givesTheGeneratedAmounts(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("purchases.csv");
    data.writePurchases(file);
    List<Object[]> rows = new ArrayList<>();

    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      TableCsv.read(reader, "purchases", BankMerchantData.PURCHASE_COLUMNS, rows::add);
    }

    assertThat(rows).hasSize(1_000);
    for (int index = 0; index < rows.size(); index++) {
      assertThat(rows.get(index)).containsExactly(data.purchase(index));
    }
  }
}
