package dev.klpct.checker.internal.explore;

import dev.klpct.api.Site;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers call sites, so that a weak-memory state can say which site wrote a store in one int. Id 0
 * stands for the initial value. Thread-safe; shared by all exploring threads of a check.
 */
final class SiteTable {
  private final ConcurrentHashMap<Site, Integer> ids = new ConcurrentHashMap<>();

  /**
   * The sites by id, replaced by a longer copy (under the lock) when a site is added, so that
   * {@link #site} reads without a lock: the load-buffering guard asks for a site at every store
   * after an unordered read, on every exploring thread. A new copy is published before its id is
   * put in {@link #ids}, so whoever has an id finds its site.
   */
  private volatile Site[] byId = {Site.of("initial", "initial value")};

  int id(Site site) {
    Integer id = ids.get(site);
    if (id != null) {
      return id;
    }
    synchronized (this) {
      return ids.computeIfAbsent(
          site,
          s -> {
            Site[] more = Arrays.copyOf(byId, byId.length + 1);
            more[more.length - 1] = s;
            byId = more;
            return more.length - 1;
          });
    }
  }

  Site site(int id) {
    return byId[id];
  }
}
