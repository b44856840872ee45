package dev.klpct.checker.internal.explore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.ImmutableSet;
import dev.klpct.api.Loc;
import dev.klpct.api.Ordering;
import dev.klpct.api.Site;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteOrderingsTest {
  private static final Site UPDATE = Site.of("klp_update_patch_state", "test_bit");
  private static final Site Z1 = Site.of("klp_update_patch_state", "smp_rmb() [Z1]");
  private static final Loc[] LAYOUT = {
    new Loc(0, "T1->flags", Loc.Kind.SHARED, 3L, 3L, 0),
    new Loc(1, "T2->flags", Loc.Kind.SHARED, 3L, 3L, 0),
    new Loc(2, "klp_target_state", Loc.Kind.SHARED, 3L, 3L, 0)
  };

  @Test
  void withNeitherAblationNorEditsEverySiteKeepsItsDeclaredOrdering() {
    SiteOrderings none = new SiteOrderings(ImmutableSet.of(), List.of(), LAYOUT);

    assertThat(none.ordered(Z1)).isTrue();
    assertThat(none.of(Primitive.TEST_BIT, LAYOUT[0], UPDATE, Ordering.RELAXED))
        .isEqualTo(Ordering.RELAXED);
    assertThat(none.fenceAfter(Primitive.TEST_BIT, LAYOUT[0], UPDATE)).isNull();
  }

  @Test
  void ablationRemovesTheOrderingOfExactlyTheWeakenedSites() {
    SiteOrderings ablated = new SiteOrderings(ImmutableSet.of(Z1), List.of(), LAYOUT);

    assertThat(ablated.ordered(Z1)).isFalse();
    assertThat(ablated.ordered(UPDATE)).isTrue();
  }

  /** One edit of the code applies to every task: locations match with their numbers erased. */
  @Test
  void anEditAppliesToThePrimitiveAtItsSiteOnEveryLocationOfThePattern() {
    SiteOrderings edited =
        new SiteOrderings(
            ImmutableSet.of(),
            List.of(
                new OrderingEdit(UPDATE, "test_bit", "T#->flags", null, Ordering.ACQUIRE),
                new OrderingEdit(UPDATE, "test_bit", "T#->flags", "smp_rmb", null)),
            LAYOUT);

    for (Loc task : List.of(LAYOUT[0], LAYOUT[1])) {
      assertThat(edited.of(Primitive.TEST_BIT, task, UPDATE, Ordering.RELAXED))
          .isEqualTo(Ordering.ACQUIRE);
      assertThat(edited.fenceAfter(Primitive.TEST_BIT, task, UPDATE)).isEqualTo(Primitive.SMP_RMB);
    }
    assertThat(edited.of(Primitive.TEST_BIT, LAYOUT[2], UPDATE, Ordering.RELAXED))
        .isEqualTo(Ordering.RELAXED);
    assertThat(edited.fenceAfter(Primitive.READ_ONCE, LAYOUT[0], UPDATE)).isNull();
    assertThat(edited.fenceAfter(Primitive.TEST_BIT, LAYOUT[0], Z1)).isNull();
  }

  @Test
  void anEditInsertingSomethingOtherThanAFenceIsRefused() {
    assertThatThrownBy(
            () ->
                new SiteOrderings(
                    ImmutableSet.of(),
                    List.of(new OrderingEdit(UPDATE, "test_bit", "T#->flags", "READ_ONCE", null)),
                    LAYOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a fence");
  }
}
