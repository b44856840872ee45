package dev.klpct.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klpct.api.program.Property;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ContractTest {

  @Test
  void idsAndInvariantsAreUnique() {
    assertThat(Contract.all()).extracting(Contract::id).doesNotHaveDuplicates();
    assertThat(Contract.all()).extracting(Contract::invariant).doesNotHaveDuplicates();
    assertThat(Contract.all()).hasSize(Contract.values().length);
  }

  @Test
  void byIdRoundTrips() {
    for (Contract c : Contract.values()) {
      assertThat(Contract.byId(c.id())).contains(c);
    }
    assertThat(Contract.byId("no-such-contract")).isEmpty();
    assertThat(Contract.byId("CONSISTENCY")).isEmpty();
  }

  @Test
  void idsAreKebabCase() {
    assertThat(Contract.all())
        .extracting(Contract::id)
        .allMatch(id -> id.matches("[a-z]+(-[a-z]+)*"));
    assertThat(Contract.all())
        .extracting(Contract::invariant)
        .allMatch(i -> i.matches("INV-[0-9]+"));
  }

  @Test
  void flagBitsAreDistinctSingleBitsForMonotoneFlagContracts() {
    Set<Integer> bits = new HashSet<>();
    for (Contract c : Contract.values()) {
      if (c.bit() != 0) {
        assertThat(Integer.bitCount(c.bit())).as(c.id()).isEqualTo(1);
        assertThat(bits.add(c.bit())).as("bit of %s is unique", c.id()).isTrue();
        assertThat(c.kind()).as(c.id()).isEqualTo(Property.Kind.MONOTONE);
      }
    }
    assertThat(bits).isNotEmpty();
  }

  @Test
  void whenFollowsTheKind() {
    assertThat(Contract.COMPLETES.kind()).isEqualTo(Property.Kind.TERMINAL);
    assertThat(Contract.COMPLETES.when()).isEqualTo("end of run");
    assertThat(Contract.CONSISTENCY.when()).isEqualTo("every step");
    assertThat(Contract.all())
        .allSatisfy(
            c -> {
              assertThat(c.statement()).isNotBlank();
              assertThat(c.source()).isNotBlank();
            });
  }
}
