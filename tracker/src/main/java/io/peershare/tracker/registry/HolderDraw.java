package io.peershare.tracker.registry;

import io.peershare.protocol.api.Source;

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
 * this thread's {@link TriedSlots}: the draw allocates only the answer.
 */
final class HolderDraw {

    /** Random tries per wanted holder (plus a constant) before reading every holder instead. */
    private static final int TRIES_PER_HOLDER = 8;

    private HolderDraw() {
    }

    /** {@code count} of the {@code live} live holders of {@code variant} (null: none) as sources. */
    static List<Source> draw(NameIndex.Variant variant, int count, int live, Instant now, Duration ttl,
                             RandomGenerator random) {
        if (variant == null || count == 0) {
            return List.of();
        }
        HostSet hosts = variant.holders;
        if (count * 2L < live && hosts.size() > 4L * count) {
            List<Source> drawn = tryRandomSlots(variant, count, now, ttl, random);
            if (drawn.size() == count) {
                return drawn;
            }
        }
        List<Source> all = new ArrayList<>(Math.min(hosts.size(), 1024));
        for (int slot = 0; slot < hosts.capacity(); slot++) {
            PeerCell holder = hosts.at(slot);
            Source source = holder == null ? null : source(variant, holder, now, ttl);
            if (source != null) {
                all.add(source);
            }
        }
        return SourceSample.subset(all, Math.min(count, all.size()), random);
    }

    private static List<Source> tryRandomSlots(NameIndex.Variant variant, int count, Instant now, Duration ttl,
                                               RandomGenerator random) {
        HostSet hosts = variant.holders;
        int most = TRIES_PER_HOLDER * count + 64;
        TriedSlots tried = TriedSlots.forDraw(most);
        List<Source> drawn = new ArrayList<>(count);
        for (int tries = most; drawn.size() < count && tries > 0; tries--) {
            int slot = hosts.randomSlot(random);
            if (tried.add(slot)) {
                Source source = source(variant, hosts.at(slot), now, ttl);
                if (source != null) {
                    drawn.add(source);
                }
            }
        }
        return drawn;
    }

    /** The holder as a source, or null when it is silent or gone. */
    private static Source source(NameIndex.Variant variant, PeerCell holder, Instant now, Duration ttl) {
        PeerEntry peer = holder.entry();
        return peer != null && peer.isLive(now, ttl)
                ? new Source(holder.hostname, peer.address(), peer.port(), variant.entry.partial()) : null;
    }
}
