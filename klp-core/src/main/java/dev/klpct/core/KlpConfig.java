package dev.klpct.core;

import static java.util.Objects.requireNonNull;

import dev.klpct.api.klp.SyncMode;
import java.util.Locale;
import java.util.Optional;

/**
 * The scenario parameters of domain.md §8, each a {@code klpct} option of the same name. Immutable;
 * the compact constructor rejects out-of-range values with a message naming the option.
 *
 * @param nohzCpus {@code --nohz-cpus}: NOHZ_FULL CPUs, each running one user task
 * @param sleepingTasks {@code --sleeping-tasks}: tasks asleep in the kernel (stack-checked)
 * @param episodes {@code --episodes}: kernel episodes (syscalls) per user task
 * @param retries {@code --retries}: delayed {@code klp_try_complete_transition()} retries after the
 *     first attempt, per transition
 * @param signalAfter {@code --signal-after}: fake signals are sent when {@code klp_signals_cnt &&
 *     klp_signals_cnt % signalAfter == 0} (the kernel uses 15)
 * @param transitions {@code --transitions}: 1, or 2 to enable a second patch over the same
 *     functions after the first completes
 * @param reverse {@code --reverse}: reverse the first transition before it completes
 * @param nmi {@code --nmi}: each user task may take one NMI from user mode
 * @param sync {@code --sync}: the {@code klp_synchronize_transition()}; empty = the strategy's
 * @param testAndClear {@code --test-and-clear}: failure ordering of {@code test_and_clear_bit}
 * @param reverseOrder {@code --reverse-order}: {@code klp_reverse_transition()} ordering
 * @param idleCpus {@code --idle-cpus}: idle CPUs, each running its idle task in {@code do_idle()}
 */
public record KlpConfig(
    int nohzCpus,
    int sleepingTasks,
    int episodes,
    int retries,
    int signalAfter,
    int transitions,
    boolean reverse,
    boolean nmi,
    Optional<SyncMode> sync,
    TestAndClear testAndClear,
    ReverseOrder reverseOrder,
    int idleCpus) {

  public static final int MAX_NOHZ_CPUS = 6;
  public static final int MAX_SLEEPING_TASKS = 6;
  public static final int MAX_EPISODES = 6;
  public static final int MAX_RETRIES = 16;
  public static final int MAX_IDLE_CPUS = 4;

  public KlpConfig {
    range("--nohz-cpus", nohzCpus, 1, MAX_NOHZ_CPUS);
    range("--sleeping-tasks", sleepingTasks, 0, MAX_SLEEPING_TASKS);
    range("--episodes", episodes, 0, MAX_EPISODES);
    range("--retries", retries, 0, MAX_RETRIES);
    range("--signal-after", signalAfter, 1, 64);
    range("--transitions", transitions, 1, 2);
    range("--idle-cpus", idleCpus, 0, MAX_IDLE_CPUS);
    requireNonNull(sync);
    requireNonNull(testAndClear);
    requireNonNull(reverseOrder);
  }

  private static void range(String option, int v, int lo, int hi) {
    if (v < lo || v > hi) {
      throw new IllegalArgumentException(option + " must be in " + lo + ".." + hi + ", got " + v);
    }
  }

  /** The defaults, which reproduce the October 2021 thread (the "default pair scenario"). */
  public static KlpConfig defaults() {
    return new KlpConfig(
        1,
        0,
        1,
        2,
        1,
        2,
        false,
        false,
        Optional.empty(),
        TestAndClear.Y2021,
        ReverseOrder.V5_15,
        0);
  }

  /** Failure ordering of {@code test_and_clear_bit()}. */
  public enum TestAndClear {
    /** 2021 generic bitops: an early {@code READ_ONCE} return, unordered when the bit is clear. */
    Y2021("2021"),
    /** Since Aug 2022 ("locking/atomic: Make test_and_*_bit() ordered on failure"). */
    Y2022("2022");

    private final String cli;

    TestAndClear(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }

    public static TestAndClear parse(String s) {
      for (TestAndClear t : values()) {
        if (t.cli.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("--test-and-clear must be 2021 or 2022, got " + s);
    }
  }

  /** Ordering of {@code klp_reverse_transition()}. */
  public enum ReverseOrder {
    /** Flip the target, clear TIF, synchronize, start. */
    V5_15("v5.15"),
    /** Clear TIF, synchronize, flip the target, {@code smp_wmb()}, start (Josh/Mladek 2023). */
    V6_4("v6.4");

    private final String cli;

    ReverseOrder(String cli) {
      this.cli = cli;
    }

    public String cliName() {
      return cli;
    }

    public static ReverseOrder parse(String s) {
      for (ReverseOrder r : values()) {
        if (r.cli.equals(s.toLowerCase(Locale.ROOT))) {
          return r;
        }
      }
      throw new IllegalArgumentException("--reverse-order must be v5.15 or v6.4, got " + s);
    }
  }

  public KlpConfig withNohzCpus(int n) {
    return new KlpConfig(
        n,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        transitions,
        reverse,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withSleepingTasks(int n) {
    return new KlpConfig(
        nohzCpus,
        n,
        episodes,
        retries,
        signalAfter,
        transitions,
        reverse,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withEpisodes(int n) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        n,
        retries,
        signalAfter,
        transitions,
        reverse,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withRetries(int n) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        n,
        signalAfter,
        transitions,
        reverse,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withSignalAfter(int n) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        n,
        transitions,
        reverse,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withTransitions(int n) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        n,
        reverse,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withReverse(boolean b) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        transitions,
        b,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withNmi(boolean b) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        transitions,
        reverse,
        b,
        sync,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withSync(Optional<SyncMode> s) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        transitions,
        reverse,
        nmi,
        s,
        testAndClear,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withTestAndClear(TestAndClear t) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        transitions,
        reverse,
        nmi,
        sync,
        t,
        reverseOrder,
        idleCpus);
  }

  public KlpConfig withReverseOrder(ReverseOrder r) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        transitions,
        reverse,
        nmi,
        sync,
        testAndClear,
        r,
        idleCpus);
  }

  public KlpConfig withIdleCpus(int n) {
    return new KlpConfig(
        nohzCpus,
        sleepingTasks,
        episodes,
        retries,
        signalAfter,
        transitions,
        reverse,
        nmi,
        sync,
        testAndClear,
        reverseOrder,
        n);
  }

  /** The option string that reproduces this configuration with {@code klpct}. */
  public String toOptions(SyncMode effectiveSync) {
    return "--nohz-cpus "
        + nohzCpus
        + " --sleeping-tasks "
        + sleepingTasks
        + (idleCpus == 0 ? "" : " --idle-cpus " + idleCpus)
        + " --episodes "
        + episodes
        + " --retries "
        + retries
        + " --signal-after "
        + signalAfter
        + " --transitions "
        + transitions
        + (reverse ? " --reverse" : "")
        + (nmi ? " --nmi" : "")
        + " --sync "
        + effectiveSync.cliName()
        + " --test-and-clear "
        + testAndClear.cliName()
        + " --reverse-order "
        + reverseOrder.cliName();
  }
}
