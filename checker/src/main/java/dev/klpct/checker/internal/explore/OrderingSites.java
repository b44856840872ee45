package dev.klpct.checker.internal.explore;

import dev.klpct.api.Ordering;
import dev.klpct.api.Site;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects the ordering sites an exploration executes (fences, acquire and release accesses,
 * ordered RMWs), with what orders there, for barrier ablation. Collects nothing unless asked to.
 */
final class OrderingSites {
  private @Nullable Map<Site, String> sink;

  /** Starts collecting into {@code sink} (shared by the search's threads: a concurrent map). */
  void collectInto(Map<Site, String> sink) {
    this.sink = sink;
  }

  /** Notes that {@code site} executes {@code p} with {@code ordering}, if that orders anything. */
  void note(Site site, Primitive p, Ordering ordering) {
    Map<Site, String> m = sink;
    if (m != null) {
      String kind = p.orderingKind(ordering);
      if (kind != null) {
        m.putIfAbsent(site, kind);
      }
    }
  }
}
