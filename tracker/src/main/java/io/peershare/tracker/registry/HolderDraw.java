package io.peershare.tracker.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws live holders of one announcement for a sources answer, uniformly and without repeats. When the sample is
 * a small part of many live holders, random slots of the {@link HostSet} are tried (a popular file costs the
 * sample's size, not its holders'); otherwise, or when too many tries hit silent peers, every holder is read.
 * A holder is reached through its {@link PeerCell}, never looked up by hostname, and the tried slots are kept in
 * this thread's {@link TriedSlots}: the draw allocates only the answer, and no record per source (the holders'
 * sources are encoded once in their cells, {@link SourceBytes}).
 */
final class HolderDraw {

    /** Random tries per wanted holder (plus a constant) before reading every holder instead. */
    private static final int TRIES_PER_HOLDER = 8;

    private HolderDraw() {
    }

    /**
     * Adds {@code count} of the {@code live} live holders of {@code variant} (null: none) to {@code into}, as
     * their encoded sources.
     */
    static void draw(NameIndex.Variant variant, int count, int live, Instant now, Duration ttl, RandomGenerator random,
                     DrawnSources into) {
        if (variant == null || count == 0) {
            return;
        }
        boolean partial = variant.entry.partial();
        HostSet hosts = variant.holders;
        if (count * 2L < live && hosts.size() > 4L * count) {
            int before = into.size();
            if (tryRandomSlots(variant, count, now, ttl, random, into) == count) {
                return;
            }
            into.truncate(before);
        }
        List<SourceBytes> all = new ArrayList<>(Math.min(hosts.size(), 1024));
        for (int slot = 0; slot < hosts.capacity(); slot++) {
            PeerCell holder = hosts.at(slot);
            SourceBytes source = holder == null ? null : source(holder, now, ttl);
            if (source != null) {
                all.add(source);
            }
        }
        for (SourceBytes source : SourceSample.subset(all, Math.min(count, all.size()), random)) {
            into.add(source, partial);
        }
    }

    /** Adds up to {@code count} holders from random slots to {@code into}; returns how many it added. */
    private static int tryRandomSlots(NameIndex.Variant variant, int count, Instant now, Duration ttl,
                                      RandomGenerator random, DrawnSources into) {
        HostSet hosts = variant.holders;
        boolean partial = variant.entry.partial();
        int most = TRIES_PER_HOLDER * count + 64;
        TriedSlots tried = TriedSlots.forDraw(most);
        int drawn = 0;
        for (int tries = most; drawn < count && tries > 0; tries--) {
            int slot = hosts.randomSlot(random);
            if (tried.add(slot)) {
                SourceBytes source = source(hosts.at(slot), now, ttl);
                if (source != null) {
                    into.add(source, partial);
                    drawn++;
                }
            }
        }
        return drawn;
    }

    /** The holder's encoded source, or null when it is silent or gone. */
    private static SourceBytes source(PeerCell holder, Instant now, Duration ttl) {
        PeerEntry peer = holder.entry();
        return peer != null && peer.isLive(now, ttl) ? holder.encoded(peer) : null;
    }
}
