package io.peershare.tracker.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list the registry serves, in the list's order: {@code next} is the opaque cursor of the page
 * after it ({@link Cursor}), null on the last page. Keyset paging: the cursor names the last key served, and
 * the next page is everything after that key as the registry is then, never an offset.
 */
public record Page<T>(List<T> items, String next) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean isLast() {
        return next == null;
    }

    /**
     * The page of the first {@code limit} of {@code fetched}, which holds up to one more item than a page: that
     * one only tells that there is a next page, whose cursor names the page's last item.
     */
    static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }

    /** Every item of every page, from the first: for callers that need the whole list (it grows with the list). */
    static <T> List<T> all(Function<String, Page<T>> fetch) {
        return all(fetch.apply(null), fetch);
    }

    /** Every item of {@code first} and of the pages after it. */
    static <T> List<T> all(Page<T> first, Function<String, Page<T>> fetch) {
        List<T> items = new ArrayList<>(first.items());
        for (Page<T> page = first; !page.isLast(); ) {
            page = fetch.apply(page.next());
            items.addAll(page.items());
        }
        return items;
    }
}
