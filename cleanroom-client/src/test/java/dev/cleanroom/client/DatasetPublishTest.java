package dev.cleanroom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.ErrorCode;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.dataset.ColumnSchema;
import dev.cleanroom.core.dataset.ColumnType;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.protocol.DatasetCodec;
import dev.cleanroom.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing datasets over real HTTP: what the operator ends up storing, and how bad input is refused. */
class DatasetPublishTest {
  @TempDir Path data;
  @TempDir Path owner;

  private RoomFixture room;
  private DatasetKeyStore keys;

  @BeforeEach
  void start() {
    room = new RoomFixture(data).withActiveRoom();
    keys = new DatasetKeyStore(owner.resolve("bank.datasets"));
  }

  @AfterEach
  void stop() {
    room.close();
  }

  private Path blobs() {
    return data.resolve("rooms").resolve("offers").resolve("blobs");
  }

  private DatasetPublisher.Published publish(Path file, Optional<List<ColumnSchema>> schema) {
    return new DatasetPublisher(room.bank, keys).publish(RoomFixture.ROOM, "customers", TableSource.open(file, null),
        Datasets.customersPolicy(), schema, DatasetPublisher.Progress.NONE);
  }

  @Test
  void publish_csv_operatorStoresNoPlaintextCell() throws Exception {
    Path csv = owner.resolve("customers.csv");
    List<String> secrets = Datasets.writeCustomers(csv, 2000);

    DatasetPublisher.Published published = Datasets.publishCustomers(room, csv, keys);

    assertThat(Datasets.filesContaining(data, secrets)).isEmpty();
    assertThat(Datasets.filesContaining(Path.of(System.getProperty("java.io.tmpdir")), secrets)).isEmpty();
    assertThat(Files.list(blobs()).toList()).hasSize(1);
    assertThat(published.manifest().rows()).isEqualTo(2000);
    JsonNode listed = room.merchant.datasets(RoomFixture.ROOM).path("datasets").get(0);
    assertThat(listed.path("table").asText()).isEqualTo("customers");
    assertThat(listed.path("owner").asText()).isEqualTo("bank");
    assertThat(listed.path("rows").asLong()).isEqualTo(2000);
    assertThat(listed.path("stored").asBoolean()).isTrue();
    assertThat(listed.path("key_held").asBoolean()).isFalse();
    assertThat(listed.path("entry_sha256").asText()).isEqualTo(published.entrySha256());
    assertThat(Files.readString(keys.file(RoomFixture.ROOM, "customers"))).contains("data_key");
  }

  @Test
  void publish_inferredSchema_typesFromTheWholeFile() throws Exception {
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 50);

    DatasetManifest manifest = publish(csv, Optional.empty()).manifest();

    assertThat(manifest.schema()).containsExactly(
        new ColumnSchema("customer_id", ColumnType.BIGINT), new ColumnSchema("email_hash", ColumnType.VARCHAR),
        new ColumnSchema("age_band", ColumnType.VARCHAR), new ColumnSchema("region", ColumnType.VARCHAR),
        new ColumnSchema("income", ColumnType.BIGINT), new ColumnSchema("churn_score", ColumnType.DOUBLE));
  }

  @Test
  void publish_rowWithWrongColumnCount_namesRowAndStoresNothing() throws Exception {
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 20);
    Files.writeString(csv, "900777,mailhashx,25-34,EU,1000\n", java.nio.file.StandardOpenOption.APPEND);
    long before = room.ledgerSize();

    assertThatThrownBy(() -> publish(csv, Optional.empty()))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("customers.csv row 21")
        .hasMessageContaining("has 5 values; the header has 6 columns");
    assertThat(room.ledgerSize()).isEqualTo(before);
    assertThat(blobs()).doesNotExist();
  }

  @Test
  void publish_badNumberForDeclaredBigint_namesRowAndColumn() throws Exception {
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 10);
    Files.writeString(csv, "900777,mailhashx,25-34,EU,lots,0.5\n", java.nio.file.StandardOpenOption.APPEND);
    List<ColumnSchema> declared = List.of(new ColumnSchema("customer_id", ColumnType.BIGINT),
        new ColumnSchema("email_hash", ColumnType.VARCHAR), new ColumnSchema("age_band", ColumnType.VARCHAR),
        new ColumnSchema("region", ColumnType.VARCHAR), new ColumnSchema("income", ColumnType.BIGINT),
        new ColumnSchema("churn_score", ColumnType.DOUBLE));
    long before = room.ledgerSize();

    assertThatThrownBy(() -> publish(csv, Optional.of(declared)))
        .hasMessageContaining("row 11")
        .hasMessageContaining("column 'income': 'lots' is not a BIGINT");
    assertThat(room.ledgerSize()).isEqualTo(before);
    assertThat(blobs()).doesNotExist();
  }

  @Test
  void publish_declaredSchemaWithOtherColumns_schemaMismatch() throws Exception {
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 10);
    List<ColumnSchema> declared = List.of(new ColumnSchema("customer_id", ColumnType.BIGINT),
        new ColumnSchema("email", ColumnType.VARCHAR));

    assertThatThrownBy(() -> publish(csv, Optional.of(declared)))
        .hasMessageContaining("does not match the schema")
        .hasMessageContaining("'email_hash'");
    assertThat(blobs()).doesNotExist();
  }

  @Test
  void publish_policyNamingUnknownColumnOrNonMember_refusedBeforeUpload() throws Exception {
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 10);
    String policy = Datasets.CUSTOMERS_POLICY.replace("\"churn_score\": []", "\"churn\": []")
        .replace("[\"merchant\", \"analyst\"]", "[\"merchant\", \"insurer\"]");

    assertThatThrownBy(() -> new DatasetPublisher(room.bank, keys).publish(RoomFixture.ROOM, "customers",
            TableSource.open(csv, null), DatasetCodec.policy(Json.parse(policy, "policy"), "policy"), Optional.empty(),
            DatasetPublisher.Progress.NONE))
        .hasMessageContaining("column 'churn' in 'columns' is not a column of the dataset")
        .hasMessageContaining("recipient 'insurer' is not a member of the room");
    assertThat(blobs()).doesNotExist();
  }

  @Test
  void publish_parquet_readsSchemaAndRows() throws Exception {
    Path parquet = owner.resolve("visits.parquet");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("COPY (SELECT i AS customer_id, 'mailhash' || i AS email_hash, '25-34' AS age_band,"
          + " 'EU' AS region, i * 10 AS income, 0.5 AS churn_score FROM range(300) t(i)) TO '"
          + parquet.toString().replace("'", "''") + "' (FORMAT PARQUET)");
    }

    DatasetManifest manifest = publish(parquet, Optional.empty()).manifest();

    assertThat(manifest.rows()).isEqualTo(300);
    assertThat(manifest.schema().get(0)).isEqualTo(new ColumnSchema("customer_id", ColumnType.BIGINT));
    assertThat(manifest.schema().get(5).type()).isEqualTo(ColumnType.DOUBLE);
  }

  @Test
  void upload_contentNotMatchingItsName_refusedAndNothingStored() throws Exception {
    Path file = owner.resolve("blob.bin");
    Files.write(file, new byte[] {1, 2, 3, 4});

    assertThatThrownBy(() -> room.bank.uploadBlob(RoomFixture.ROOM, file, "ab".repeat(32), done -> { }))
        .isInstanceOf(CleanroomException.class)
        .hasMessageContaining("hashes to")
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    assertThat(Files.list(blobs()).toList()).isEmpty();
  }

  @Test
  void upload_byNonMember_refused() throws Exception {
    Path file = owner.resolve("blob.bin");
    Files.write(file, new byte[] {1, 2, 3, 4});
    CleanroomClient outsider = CleanroomClient.connect(room.server.url(),
        dev.cleanroom.crypto.PartyKeys.generate(PartyId.of("outsider"), new java.security.SecureRandom()));

    assertThatThrownBy(() -> outsider.uploadBlob(RoomFixture.ROOM, file,
            dev.cleanroom.crypto.Hashes.sha256Hex(new byte[] {1, 2, 3, 4}), done -> { }))
        .satisfies(e -> assertThat(((CleanroomException) e).code()).isEqualTo(ErrorCode.FORBIDDEN));
    assertThat(blobs()).doesNotExist();
  }

  @Test
  void propose_datasetOwnedByAnotherParty_refusedByServer() throws Exception {
    Path csv = owner.resolve("customers.csv");
    Datasets.writeCustomers(csv, 10);
    DatasetManifest manifest = publish(csv, Optional.empty()).manifest();
    DatasetManifest stolen = new DatasetManifest("loans", manifest.owner(), "offers/loans@x", manifest.encryption(),
        manifest.schema(), manifest.rows(), 0, 0, manifest.ciphertextSha256(),
        DatasetCodec.policy(Json.parse(Datasets.CUSTOMERS_POLICY.replace("\"customers\"", "\"loans\""), "p"), "p"));
    Extension extension = new Extension("dataset", "loans", Json.text(DatasetCodec.manifest(stolen)), Set.of(PartyId.of("bank")));

    assertThatThrownBy(() -> room.merchant.propose(RoomFixture.ROOM, List.of(new Action.SetExtension(extension))))
        .hasMessageContaining("only 'bank' may publish its dataset 'loans'; proposed by 'merchant'");
  }
}
