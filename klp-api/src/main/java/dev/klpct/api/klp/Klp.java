package dev.klpct.api.klp;

/**
 * Kernel constants used by the livepatch model, with their kernel values where they have one. Patch
 * states are those of {@code include/linux/livepatch.h} as of v5.15 ({@code KLP_UNDEFINED}, later
 * renamed {@code KLP_TRANSITION_IDLE}).
 */
public final class Klp {
  private Klp() {}

  public static final int KLP_UNDEFINED = -1;
  public static final int KLP_UNPATCHED = 0;
  public static final int KLP_PATCHED = 1;

  /** Bit numbers in a task's thread-flags word (the model's numbering). */
  public static final int TIF_PATCH_PENDING = 0;

  public static final int TIF_NOTIFY_SIGNAL = 1;
  public static final int TIF_NEED_RESCHED = 2;

  /** Context-tracking work bit posted by the livepatch strategies (RFC v2 09/11). */
  public static final int CT_WORK_KLP = 1;

  public static final int EBUSY = 16;
  public static final int EINVAL = 22;
  public static final int EADDRINUSE = 98;

  /** Name of a patch state value, as the kernel spells it. */
  public static String stateName(int state) {
    return switch (state) {
      case KLP_UNDEFINED -> "KLP_UNDEFINED";
      case KLP_UNPATCHED -> "KLP_UNPATCHED";
      case KLP_PATCHED -> "KLP_PATCHED";
      default -> Integer.toString(state);
    };
  }
}
