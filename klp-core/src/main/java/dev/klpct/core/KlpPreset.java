package dev.klpct.core;

import com.google.common.base.Joiner;
import java.util.Arrays;

/**
 * The named scenarios klpct's speed is measured on, by {@code klpct measure} and by the JMH {@code
 * CheckerBenchmark}, with the figures of docs/performance.md: one table, so that both harnesses
 * measure the same state spaces. Each is written as the {@code klpct} options it adds to the
 * defaults, and parsed by {@link KlpConfig#parseOptions}. Which strategies run on a preset is the
 * harness's choice ({@code measure} runs every strategy on {@code pair}, zijlstra on the others).
 */
public enum KlpPreset {
  /** The default scenario: one NOHZ_FULL CPU, one syscall, two transitions. */
  PAIR("pair", ""),
  /**
   * The default scenario grown by more syscall episodes (189,047 states for zijlstra under sc;
   * 52,670 before issue 9 modelled the first patch's ftrace registration).
   */
  EPISODES("episodes", "--episodes 6"),
  /**
   * Two NOHZ_FULL CPUs with reversal and NMIs (30,531,008 states for zijlstra under sc, about a
   * minute on one thread; 3.5 million before issue 9).
   */
  SCALED2("scaled2", "--nohz-cpus 2 --episodes 1 --reverse --nmi --sleeping-tasks 1"),
  /** Three NOHZ_FULL CPUs: too large to explore in a short run, so {@code measure} limits it. */
  SCALED3("scaled3", "--nohz-cpus 3 --episodes 3 --reverse --nmi --sleeping-tasks 1");

  private final String id;
  private final String options;

  KlpPreset(String id, String options) {
    this.id = id;
    this.options = options;
  }

  /** The name the harnesses take ({@code --config scaled2}, {@code -p config=scaled2}). */
  public String id() {
    return id;
  }

  /**
   * The {@code klpct} options that make this scenario from the defaults; empty for {@code pair}.
   */
  public String options() {
    return options;
  }

  /** The scenario, {@link #options} parsed (anew each time: a record is not a constant here). */
  public KlpConfig config() {
    return KlpConfig.parseOptions(options);
  }

  /**
   * The preset named {@code id}.
   *
   * @throws IllegalArgumentException naming the known presets, for an unknown name
   */
  public static KlpPreset of(String id) {
    for (KlpPreset p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown configuration '" + id + "' (known: " + ids() + ")");
  }

  /** The presets' names, comma-separated, in order: {@code pair, episodes, scaled2, scaled3}. */
  public static String ids() {
    return Joiner.on(", ").join(Arrays.stream(values()).map(KlpPreset::id).iterator());
  }
}
