package dev.klpct.checker.litmus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScInterleavingsTest {

  /** An access of a two-CPU straight-line program: a store, or a load that must read a value. */
  private record Acc(boolean store, String loc, int value) {}

  private static boolean scAllows(Acc[][] cpus) {
    int[] lengths = new int[cpus.length];
    for (int c = 0; c < cpus.length; c++) {
      lengths[c] = cpus[c].length;
    }
    return ScInterleavings.exist(
        lengths,
        ImmutableMap.of("x", 0, "y", 0),
        (memory, c, i) -> {
          Acc a = cpus[c][i];
          if (!a.store()) {
            return memory.get(a.loc()) == a.value() ? memory : null;
          }
          Map<String, Integer> next = new HashMap<>(memory);
          next.put(a.loc(), a.value());
          return ImmutableMap.copyOf(next);
        });
  }

  @Test
  void storeBufferingWithBothLoadsReadingZeroIsNoInterleaving() {
    Acc[][] sb = {
      {new Acc(true, "x", 1), new Acc(false, "y", 0)},
      {new Acc(true, "y", 1), new Acc(false, "x", 0)}
    };
    assertThat(scAllows(sb)).isFalse();
  }

  @Test
  void storeBufferingWithOneLoadReadingTheOtherStoreIsOne() {
    Acc[][] sb = {
      {new Acc(true, "x", 1), new Acc(false, "y", 1)},
      {new Acc(true, "y", 1), new Acc(false, "x", 0)}
    };
    assertThat(scAllows(sb)).isTrue();
  }

  @Test
  void aCpuWithoutElementsIsAlreadyAtItsEnd() {
    assertThat(scAllows(new Acc[][] {{}, {new Acc(false, "x", 0)}})).isTrue();
    assertThat(scAllows(new Acc[][] {{}, {new Acc(false, "x", 1)}})).isFalse();
  }
}
