package dev.klpct.api.klp;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A livepatch transition strategy: how the transition CPU switches one task ({@link TaskSwitcher},
 * {@code klp_check_and_switch_task()}), how a task's {@code patch_state} is updated at its switch
 * points ({@link PatchStateUpdater}, {@code klp_update_patch_state()}), the context tracking and
 * {@code klp_synchronize_transition()} it was written against, and the capabilities it declares. A
 * value, immutable; its parts must be stateless and deterministic, so a strategy is thread-safe.
 *
 * <p>Built with {@link #builder}, usually from the kernel code of the October 2021 thread that
 * {@code dev.klpct.strategies.kernel} provides, or derived from another with {@link #toBuilder}:
 *
 * <pre>{@code
 * Strategy noZ1 =
 *     Strategy.builder("zijlstra.no-z1")
 *         .description("zijlstra without the smp_rmb() [Z1] after the TIF_PATCH_PENDING test")
 *         .taskSwitcher(TaskSwitchers.postWorkAndRace())
 *         .patchStateUpdater(
 *             PatchStateUpdaters.withoutBarriers(
 *                 PatchStateUpdaters.noinstrRace(), PatchStateUpdaters.Z1))
 *         .contextTracking(ContextTracking.SEQ_WORK)
 *         .defaultSync(SyncMode.RCU)
 *         .build();
 * }</pre>
 *
 * @param name stable lower-case name, {@code family.variant}: a letter, then letters, digits,
 *     {@code .} and {@code -}; e.g. {@code zijlstra} or {@code zijlstra.no-race}
 * @param description one line with its origin (mail or commit)
 * @param taskSwitcher the transition CPU's attempt to switch one task
 * @param patchStateUpdater {@code klp_update_patch_state()} and the {@code CT_WORK_KLP} work
 * @param contextTracking the context tracking the strategy was written against
 * @param defaultSync the {@code klp_synchronize_transition()} of the strategy's series
 * @param capabilities what the strategy declares it does, for filtering and reports
 */
public record Strategy(
    String name,
    String description,
    TaskSwitcher taskSwitcher,
    PatchStateUpdater patchStateUpdater,
    ContextTracking contextTracking,
    SyncMode defaultSync,
    ImmutableSet<Capability> capabilities) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9.-]*");

  /**
   * Checks the parts.
   *
   * @throws IllegalArgumentException if the name breaks the naming rule or the description is blank
   */
  public Strategy {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    requireNonNull(taskSwitcher, "taskSwitcher");
    requireNonNull(patchStateUpdater, "patchStateUpdater");
    requireNonNull(contextTracking, "contextTracking");
    requireNonNull(defaultSync, "defaultSync");
    requireNonNull(capabilities, "capabilities");
    checkArgument(
        NAME.matcher(name).matches(),
        "strategy names are a lower-case letter, then lower-case letters, digits, '.' and '-': %s",
        name);
    checkArgument(!description.isBlank(), "strategy %s has a blank description", name);
  }

  /** A builder for the strategy called {@code name}; every part but the capabilities is needed. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder holding this strategy's parts, to derive a variant from it. */
  public Builder toBuilder() {
    return new Builder(name)
        .description(description)
        .taskSwitcher(taskSwitcher)
        .patchStateUpdater(patchStateUpdater)
        .contextTracking(contextTracking)
        .defaultSync(defaultSync)
        .capabilities(capabilities);
  }

  /** The name: a strategy is known by it (in registries, reports and test names). */
  @Override
  public String toString() {
    return name;
  }

  /** Builds a {@link Strategy}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private @Nullable String description;
    private @Nullable TaskSwitcher taskSwitcher;
    private @Nullable PatchStateUpdater patchStateUpdater;
    private @Nullable ContextTracking contextTracking;
    private @Nullable SyncMode defaultSync;
    private ImmutableSet<Capability> capabilities = ImmutableSet.of();

    private Builder(String name) {
      this.name = requireNonNull(name);
    }

    public Builder name(String name) {
      this.name = requireNonNull(name);
      return this;
    }

    public Builder description(String description) {
      this.description = requireNonNull(description);
      return this;
    }

    public Builder taskSwitcher(TaskSwitcher taskSwitcher) {
      this.taskSwitcher = requireNonNull(taskSwitcher);
      return this;
    }

    public Builder patchStateUpdater(PatchStateUpdater patchStateUpdater) {
      this.patchStateUpdater = requireNonNull(patchStateUpdater);
      return this;
    }

    public Builder contextTracking(ContextTracking contextTracking) {
      this.contextTracking = requireNonNull(contextTracking);
      return this;
    }

    public Builder defaultSync(SyncMode defaultSync) {
      this.defaultSync = requireNonNull(defaultSync);
      return this;
    }

    /** The capabilities, in the order given (replacing any set before); none by default. */
    public Builder capabilities(Capability... capabilities) {
      this.capabilities = ImmutableSet.copyOf(capabilities);
      return this;
    }

    /** The capabilities (replacing any set before). */
    public Builder capabilities(Iterable<Capability> capabilities) {
      this.capabilities = ImmutableSet.copyOf(capabilities);
      return this;
    }

    /**
     * The strategy.
     *
     * @throws NullPointerException naming the part that was not set
     * @throws IllegalArgumentException as the {@link Strategy} constructor
     */
    public Strategy build() {
      return new Strategy(
          name,
          needs(description, "a description"),
          needs(taskSwitcher, "a TaskSwitcher"),
          needs(patchStateUpdater, "a PatchStateUpdater"),
          needs(contextTracking, "a ContextTracking"),
          needs(defaultSync, "a default SyncMode"),
          capabilities);
    }

    private <T> T needs(@Nullable T part, String what) {
      if (part == null) {
        throw new NullPointerException("strategy " + name + " needs " + what);
      }
      return part;
    }
  }
}
