package dev.klpct.jvm;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.base.Ticker;
import java.time.Duration;

/**
 * How {@link JvmRunner} runs a machine on real threads.
 *
 * <p>Unlike {@code KlpConfig} and {@code CheckOptions} (12 and 11 fields), this record has no
 * {@code Builder}: with four fields, each set by one wither, a builder would add a class and no
 * clarity (style.md §9 asks for one above about four optional fields). Add one, with {@code
 * toBuilder()} and the withers delegating to it, when a fifth field comes.
 *
 * @param seed seeds the per-CPU random sources of {@code select}: execution {@code n} of CPU {@code
 *     c} draws from a sequence that depends only on {@code (seed, n, c)}, so runs with the same
 *     seed make the same choices wherever the threads' timing lets them
 * @param jitter upper bound of the random number of {@link Thread#onSpinWait()} iterations a CPU
 *     spins before each {@code select} and before it starts an execution (0: none), drawn
 *     log-uniformly; spreads the moments at which CPUs act, so that more interleavings occur
 * @param executionTimeout an execution still running after this long is abandoned and counted as
 *     stuck (the model's programs always end, so this means starvation or a livelock)
 * @param ticker time source for durations (injected for tests)
 */
public record JvmOptions(long seed, int jitter, Duration executionTimeout, Ticker ticker) {

  /** The default seed. */
  public static final long DEFAULT_SEED = 1;

  /** The default jitter: up to about ten microseconds of spinning before a choice. */
  public static final int DEFAULT_JITTER = 1024;

  public JvmOptions {
    checkArgument(jitter >= 0, "jitter must be >= 0: %s", jitter);
    requireNonNull(executionTimeout);
    requireNonNull(ticker);
    checkArgument(
        !executionTimeout.isNegative() && !executionTimeout.isZero(),
        "execution timeout must be positive: %s",
        executionTimeout);
  }

  /** Seed 1, jitter 1024, 10 s per execution. */
  public static JvmOptions defaults() {
    return new JvmOptions(
        DEFAULT_SEED, DEFAULT_JITTER, Duration.ofSeconds(10), Ticker.systemTicker());
  }

  /** These options with seed {@code s}. */
  public JvmOptions withSeed(long s) {
    return new JvmOptions(s, jitter, executionTimeout, ticker);
  }

  /** These options with jitter {@code j}; throws IllegalArgumentException if negative. */
  public JvmOptions withJitter(int j) {
    return new JvmOptions(seed, j, executionTimeout, ticker);
  }

  /** These options with timeout {@code d}; throws IllegalArgumentException unless positive. */
  public JvmOptions withExecutionTimeout(Duration d) {
    return new JvmOptions(seed, jitter, d, ticker);
  }

  /** These options with time source {@code t}. */
  public JvmOptions withTicker(Ticker t) {
    return new JvmOptions(seed, jitter, executionTimeout, t);
  }
}
