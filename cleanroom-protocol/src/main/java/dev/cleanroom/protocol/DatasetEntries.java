package dev.cleanroom.protocol;

import dev.cleanroom.core.CleanroomException;
import dev.cleanroom.core.contract.Action;
import dev.cleanroom.core.contract.Contract;
import dev.cleanroom.core.contract.Extension;
import dev.cleanroom.core.dataset.DatasetManifest;
import dev.cleanroom.core.party.PartyId;
import dev.cleanroom.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for {@code dataset} entries of the contract, checked when they are proposed: the value is a valid
 * manifest for the key it is stored under, its only owner is the manifest's owner, only the owner may publish a new
 * dataset, and its policy fits the schema and the members the contract will have.
 */
public final class DatasetEntries {
  private DatasetEntries() {}

  /** Refuses the proposal's actions with every dataset problem found, or returns quietly. */
  public static void check(List<Action> actions, PartyId author, Contract base) {
    Contract result = base;
    for (Action action : actions) {
      result = action.apply(result);
    }
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i) instanceof Action.SetExtension set && DatasetManifest.KIND.equals(set.extension().kind())) {
        check(set.extension(), "action " + i, author, base, result, errors);
      }
      if (actions.get(i) instanceof Action.SetExtension set && TemplateEntries.KIND.equals(set.extension().kind())) {
        TemplateEntries.check(set.extension(), "action " + i, result, errors);
      }
    }
    if (!errors.isEmpty()) {
      throw CleanroomException.invalid(String.join("; ", errors));
    }
  }

  private static void check(Extension extension, String where, PartyId author, Contract base, Contract result, List<String> errors) {
    DatasetManifest manifest;
    try {
      manifest = manifest(extension);
    } catch (CleanroomException e) {
      errors.add(where + ": " + e.getMessage());
      return;
    }
    if (!manifest.table().equals(extension.key())) {
      errors.add(where + ": dataset entry key '" + extension.key() + "' differs from its table '" + manifest.table() + "'");
    }
    if (!extension.owners().equals(Set.of(manifest.owner()))) {
      errors.add(where + ": dataset '" + manifest.table() + "' must have exactly its owner '" + manifest.owner() + "' as owner, has " + extension.owners());
    }
    if (base.extension(DatasetManifest.KIND, extension.key()).isEmpty() && !manifest.owner().equals(author)) {
      errors.add(where + ": only '" + manifest.owner() + "' may publish its dataset '" + manifest.table() + "'; proposed by '" + author + "'");
    }
    manifest.problems(result).forEach(p -> errors.add(where + ": " + p));
  }

  /** The manifest a dataset entry holds. */
  public static DatasetManifest manifest(Extension extension) {
    return DatasetCodec.manifest(Json.parse(extension.value(), "dataset '" + extension.key() + "'"), "dataset '" + extension.key() + "'");
  }

  /** The dataset entry for {@code table} in {@code contract}, if there is one. */
  public static Optional<DatasetManifest> find(Contract contract, String table) {
    return contract.extension(DatasetManifest.KIND, table).map(DatasetEntries::manifest);
  }

  /** Every dataset in {@code contract}, by table name. */
  public static List<DatasetManifest> all(Contract contract) {
    List<DatasetManifest> result = new ArrayList<>();
    contract.extensions().values().stream().filter(e -> e.kind().equals(DatasetManifest.KIND))
        .forEach(e -> result.add(manifest(e)));
    return result;
  }

  /** SHA-256 of a dataset entry's value as the contract holds it: what an owner's approval and a key release name. */
  public static String entryHash(Contract contract, String table) {
    return contract.extension(DatasetManifest.KIND, table)
        .map(e -> Hashes.sha256Hex(e.value().getBytes(StandardCharsets.UTF_8)))
        .orElseThrow(() -> CleanroomException.notFound("dataset '" + table + "' is not in the contract of room '" + contract.room() + "'"));
  }
}
