package dev.klpct.lkmm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The relation algebra against a naive boolean-matrix reference, on random relations of sizes that
 * cross word boundaries (63, 64, 65 and 130 events).
 */
class RelationTest {

  private static boolean[][] random(Random rnd, int n, double density) {
    boolean[][] m = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = rnd.nextDouble() < density;
      }
    }
    return m;
  }

  private static Relation of(boolean[][] m) {
    Relation.Builder b = Relation.builder(m.length);
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m.length; j++) {
        if (m[i][j]) {
          b.add(i, j);
        }
      }
    }
    return b.build();
  }

  private static boolean[][] seq(boolean[][] a, boolean[][] b) {
    int n = a.length;
    boolean[][] c = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        if (a[i][k]) {
          for (int j = 0; j < n; j++) {
            c[i][j] |= b[k][j];
          }
        }
      }
    }
    return c;
  }

  private static boolean[][] plus(boolean[][] a) {
    boolean[][] c = a;
    while (true) {
      boolean[][] next = seq(c, a);
      boolean changed = false;
      for (int i = 0; i < a.length; i++) {
        for (int j = 0; j < a.length; j++) {
          if (next[i][j] && !c[i][j]) {
            changed = true;
          }
          next[i][j] |= c[i][j];
        }
      }
      if (!changed) {
        return c;
      }
      c = next;
    }
  }

  @Test
  void operationsAgreeWithTheNaiveDefinitions() {
    Random rnd = new Random(7);
    for (int n : new int[] {1, 5, 63, 64, 65, 130}) {
      for (int round = 0; round < 5; round++) {
        double density = 1.5 / n;
        boolean[][] a = random(rnd, n, density);
        boolean[][] b = random(rnd, n, density);
        assertThat(of(a).seq(of(b))).as("seq n=%s", n).isEqualTo(of(seq(a, b)));
        boolean[][] pa = plus(a);
        assertThat(of(a).plus()).as("plus n=%s", n).isEqualTo(of(pa));
        boolean cyclic = false;
        for (int i = 0; i < n; i++) {
          cyclic |= pa[i][i];
        }
        assertThat(of(a).isAcyclic()).as("acyclic n=%s", n).isEqualTo(!cyclic);
        assertThat(of(a).isIrreflexive()).isEqualTo(!IntStream.range(0, n).anyMatch(i -> a[i][i]));
        boolean[][] inv = new boolean[n][n];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            inv[j][i] = a[i][j];
          }
        }
        assertThat(of(a).inverse()).isEqualTo(of(inv));
      }
    }
  }

  @Test
  void setsAndIdentities() {
    EventSet s = EventSet.of(70, i -> i % 3 == 0);
    assertThat(s.size()).isEqualTo(24);
    assertThat(s.complement().size()).isEqualTo(46);
    Relation id = Relation.id(s);
    assertThat(id.domain()).isEqualTo(s);
    assertThat(id.range()).isEqualTo(s);
    Relation all = Relation.cross(EventSet.all(70), EventSet.all(70));
    assertThat(all.restrict(s, s)).isEqualTo(Relation.cross(s, s));
    assertThat(Relation.empty(70).star()).isEqualTo(Relation.id(EventSet.all(70)));
    assertThat(all.minusId().isIrreflexive()).isTrue();
  }
}
