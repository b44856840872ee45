package dev.klpct.checker.internal.explore;

import dev.klpct.api.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Numbers call sites, so that a weak-memory state can say which site wrote a store in one int. Id 0
 * stands for the initial value. Thread-safe; shared by all exploring threads of a check.
 */
final class SiteTable {
  private final ConcurrentHashMap<Site, Integer> ids = new ConcurrentHashMap<>();
  private final List<Site> sites = new ArrayList<>();

  SiteTable() {
    sites.add(Site.of("initial", "initial value"));
  }

  int id(Site site) {
    Integer id = ids.get(site);
    if (id != null) {
      return id;
    }
    synchronized (this) {
      return ids.computeIfAbsent(
          site,
          s -> {
            sites.add(s);
            return sites.size() - 1;
          });
    }
  }

  synchronized Site site(int id) {
    return sites.get(id);
  }
}
