package dev.cleanroom.core.contract;

import dev.cleanroom.core.party.PartyId;
import java.util.List;
import java.util.Set;

/**
 * One change to a contract. A proposal carries one or more actions, applied in order when it is accepted.
 *
 * <p>Each action follows the same three steps: {@link #validate} checks it against the contract it would apply to
 * and adds every problem it finds to a list (pure); {@link #dataOwnersTouched} names the parties whose data it
 * concerns, whose acceptance is then required whatever the constitution says; {@link #apply} returns the changed
 * contract and is only called after validation passed.
 */
public sealed interface Action
    permits Action.AddMember,
        Action.RemoveMember,
        Action.SetConstitution,
        Action.AcceptMeasurement,
        Action.RevokeMeasurement,
        Action.SetExtension,
        Action.RemoveExtension {

  /** The action's name in proposal documents, e.g. {@code add_member}. */
  String name();

  /**
   * Adds a message for each problem to {@code errors}; each message starts with {@code where}, the action's
   * position in its proposal, so a proposer sees every mistake at once.
   */
  void validate(Contract contract, String where, List<String> errors);

  Set<PartyId> dataOwnersTouched(Contract contract);

  Contract apply(Contract contract);

  /** Adds a party to the room. */
  record AddMember(dev.cleanroom.core.party.PartyIdentity identity) implements Action {
    public static final String NAME = "add_member";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void validate(Contract contract, String where, List<String> errors) {
      if (contract.isMember(identity.party())) {
        errors.add(where + ": party '" + identity.party() + "' is already a member");
      }
      contract.members().values().stream()
          .filter(m -> m.signingKey().equals(identity.signingKey()) && !m.party().equals(identity.party()))
          .forEach(m -> errors.add(where + ": signing key of '" + identity.party() + "' is already used by member '" + m.party() + "'"));
    }

    @Override
    public Set<PartyId> dataOwnersTouched(Contract contract) {
      return Set.of();
    }

    @Override
    public Contract apply(Contract contract) {
      return contract.withMember(identity);
    }
  }

  /** Removes a party that owns no data in the room. */
  record RemoveMember(PartyId party) implements Action {
    public static final String NAME = "remove_member";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void validate(Contract contract, String where, List<String> errors) {
      if (!contract.isMember(party)) {
        errors.add(where + ": party '" + party + "' is not a member");
        return;
      }
      if (contract.members().size() == 1) {
        errors.add(where + ": party '" + party + "' is the last member; a room cannot be left empty");
      }
      contract.extensions().values().stream()
          .filter(e -> e.owners().contains(party))
          .forEach(e -> errors.add(where + ": party '" + party + "' still owns " + e.address() + "; remove it first"));
    }

    @Override
    public Set<PartyId> dataOwnersTouched(Contract contract) {
      return Set.of();
    }

    @Override
    public Contract apply(Contract contract) {
      return contract.withoutMember(party);
    }
  }

  /** Replaces the rule for accepting proposals. */
  record SetConstitution(Constitution constitution) implements Action {
    public static final String NAME = "set_constitution";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void validate(Contract contract, String where, List<String> errors) {
      // Every constitution is valid on every contract; owners keep their veto whatever the rule.
    }

    @Override
    public Set<PartyId> dataOwnersTouched(Contract contract) {
      return Set.of();
    }

    @Override
    public Contract apply(Contract contract) {
      return contract.withConstitution(constitution);
    }
  }

  /** Lets runtimes whose code has this measurement (64 lower-case hex characters) receive data keys. */
  record AcceptMeasurement(String measurement) implements Action {
    public static final String NAME = "accept_measurement";

    public AcceptMeasurement {
      measurement = Measurements.requireValid(measurement);
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void validate(Contract contract, String where, List<String> errors) {
      if (contract.acceptedMeasurements().contains(measurement)) {
        errors.add(where + ": measurement " + measurement + " is already accepted");
      }
    }

    @Override
    public Set<PartyId> dataOwnersTouched(Contract contract) {
      // A new runtime could receive every owner's key, so every owner of data must agree.
      return allOwners(contract);
    }

    @Override
    public Contract apply(Contract contract) {
      return contract.withMeasurement(measurement, true);
    }
  }

  /** Stops runtimes with this measurement from receiving data keys. */
  record RevokeMeasurement(String measurement) implements Action {
    public static final String NAME = "revoke_measurement";

    public RevokeMeasurement {
      measurement = Measurements.requireValid(measurement);
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void validate(Contract contract, String where, List<String> errors) {
      if (!contract.acceptedMeasurements().contains(measurement)) {
        errors.add(where + ": measurement " + measurement + " is not accepted");
      }
    }

    @Override
    public Set<PartyId> dataOwnersTouched(Contract contract) {
      return Set.of();
    }

    @Override
    public Contract apply(Contract contract) {
      return contract.withMeasurement(measurement, false);
    }
  }

  /** Adds or replaces an extension entry (dataset, policy, template, recipient, ...). */
  record SetExtension(Extension extension) implements Action {
    public static final String NAME = "set_extension";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void validate(Contract contract, String where, List<String> errors) {
      extension.owners().stream()
          .filter(owner -> !contract.isMember(owner))
          .forEach(owner -> errors.add(where + ": owner '" + owner + "' of " + extension.address() + " is not a member"));
    }

    @Override
    public Set<PartyId> dataOwnersTouched(Contract contract) {
      java.util.TreeSet<PartyId> touched = new java.util.TreeSet<>(extension.owners());
      contract.extension(extension.kind(), extension.key()).ifPresent(old -> touched.addAll(old.owners()));
      return touched;
    }

    @Override
    public Contract apply(Contract contract) {
      return contract.withExtension(extension);
    }
  }

  /** Removes an extension entry. */
  record RemoveExtension(String kind, String key) implements Action {
    public static final String NAME = "remove_extension";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public void validate(Contract contract, String where, List<String> errors) {
      if (contract.extension(kind, key).isEmpty()) {
        errors.add(where + ": " + kind + "/" + key + " is not in the contract");
      }
    }

    @Override
    public Set<PartyId> dataOwnersTouched(Contract contract) {
      return contract.extension(kind, key).map(Extension::owners).orElse(Set.of());
    }

    @Override
    public Contract apply(Contract contract) {
      return contract.withoutExtension(kind, key);
    }
  }

  private static Set<PartyId> allOwners(Contract contract) {
    java.util.TreeSet<PartyId> owners = new java.util.TreeSet<>();
    contract.extensions().values().forEach(e -> owners.addAll(e.owners()));
    return owners;
  }
}
