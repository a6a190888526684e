package io.peershare.tracker.registry;

import io.peershare.protocol.api.FileEntry;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;

/**
 * A peer's files as an immutable array sorted by name: one reference per file (the entries themselves are the
 * registry's shared canonical ones, {@link Announcements}), instead of a TreeMap node of 40 bytes and more.
 * Looked up by binary search. A {@link SortedMap} view, so code that reads a peer's files by name, in order or
 * from a name on ({@link #tailMap}), reads it as before; every mutator throws.
 */
final class FileList extends AbstractMap<String, FileEntry> implements SortedMap<String, FileEntry> {

    static final FileList EMPTY = new FileList(new FileEntry[0], 0, 0);

    private final FileEntry[] files;
    private final int from;
    private final int to;

    private FileList(FileEntry[] files, int from, int to) {
        this.files = files;
        this.from = from;
        this.to = to;
    }

    /** The files of {@code map}, by name (its keys must be the entries' names). */
    static FileList of(Map<String, FileEntry> map) {
        if (map instanceof FileList list) {
            return list;
        }
        return sorted(map.values().toArray(FileEntry[]::new));
    }

    /** Takes ownership of {@code files} (names distinct) and sorts it. */
    static FileList sorted(FileEntry[] files) {
        if (files.length == 0) {
            return EMPTY;
        }
        Arrays.sort(files, Comparator.comparing(FileEntry::name));
        return new FileList(files, 0, files.length);
    }

    /** The entry at {@code index} (0 = first name). */
    FileEntry at(int index) {
        return files[from + index];
    }

    private int indexOf(Object name) {
        if (!(name instanceof String key)) {
            return -1;
        }
        int low = from;
        int high = to - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = files[mid].name().compareTo(key);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** Where {@code name} is or would be inserted, as an absolute index. */
    private int position(String name) {
        int at = indexOf(name);
        return at >= 0 ? at : -at - 1;
    }

    @Override
    public FileEntry get(Object name) {
        int at = indexOf(name);
        return at >= 0 ? files[at] : null;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public Set<Entry<String, FileEntry>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, FileEntry>> iterator() {
                return new Iterator<>() {
                    int next = from;

                    @Override
                    public boolean hasNext() {
                        return next < to;
                    }

                    @Override
                    public Entry<String, FileEntry> next() {
                        if (next >= to) {
                            throw new NoSuchElementException();
                        }
                        FileEntry file = files[next++];
                        return Map.entry(file.name(), file);
                    }
                };
            }

            @Override
            public int size() {
                return to - from;
            }
        };
    }

    @Override
    public Collection<FileEntry> values() {
        return Arrays.asList(files).subList(from, to);
    }

    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    @Override
    public SortedMap<String, FileEntry> subMap(String fromKey, String toKey) {
        if (fromKey.compareTo(toKey) > 0) {
            throw new IllegalArgumentException("fromKey > toKey");
        }
        return new FileList(files, position(fromKey), Math.max(position(fromKey), position(toKey)));
    }

    @Override
    public SortedMap<String, FileEntry> headMap(String toKey) {
        return new FileList(files, from, position(toKey));
    }

    @Override
    public SortedMap<String, FileEntry> tailMap(String fromKey) {
        return new FileList(files, position(fromKey), to);
    }

    @Override
    public String firstKey() {
        if (from == to) {
            throw new NoSuchElementException();
        }
        return files[from].name();
    }

    @Override
    public String lastKey() {
        if (from == to) {
            throw new NoSuchElementException();
        }
        return files[to - 1].name();
    }

    /** A copy of the entries in name order (the {@link PeerTable} swaps in the shared ones, then wraps it again). */
    FileEntry[] toArray() {
        return Arrays.copyOfRange(files, from, to);
    }

    /** Wraps an array already sorted by distinct names (the canonical copy {@link Announcements} made). */
    static FileList ofSorted(FileEntry[] files) {
        return files.length == 0 ? EMPTY : new FileList(files, 0, files.length);
    }
}
