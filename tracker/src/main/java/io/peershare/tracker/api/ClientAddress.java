package io.peershare.tracker.api;

import io.peershare.tracker.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The address a request came from, for the registration's address rule: the TCP peer, or, when the TCP peer is
 * one of the configured balancers ({@code tracker.registration.trusted-proxies}), the last address of the
 * {@code X-Forwarded-For} the balancer added (it drops what clients send). Anyone else's header is ignored.
 * <p>
 * Quarkus' own trusted-proxy check resolves a proxy hostname with two DNS queries on every request; here the
 * names are resolved once and again only when a request comes from an address not in the last answer (a
 * restarted balancer with a new address), at most once per {@link #REFRESH}.
 */
@ApplicationScoped
public class ClientAddress {

    private static final Logger LOG = Logger.getLogger(ClientAddress.class);
    /** Least time between two lookups of the proxy names triggered by unknown senders. */
    static final Duration REFRESH = Duration.ofSeconds(1);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final List<String> proxies;
    private final Clock clock;
    private final Lookup lookup;
    private volatile Set<InetAddress> trusted = Set.of();
    private volatile long resolvedAt;

    @Inject
    public ClientAddress(TrackerConfig config, Clock clock) {
        this(config.registration().trustedProxies().orElse(List.of()), clock);
    }

    ClientAddress(List<String> proxies, Clock clock) {
        this(proxies, clock, InetAddress::getAllByName);
    }

    ClientAddress(List<String> proxies, Clock clock, Lookup lookup) {
        this.proxies = proxies.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
        this.clock = clock;
        this.lookup = lookup;
        this.resolvedAt = clock.millis() - REFRESH.toMillis();
        if (!this.proxies.isEmpty()) {
            resolve();
        }
    }

    /** The client's address given the TCP peer {@code remote} and the request's X-Forwarded-For (null: none). */
    public InetAddress of(String remote, String forwardedFor) {
        InetAddress peer = literal(remote);
        if (proxies.isEmpty() || forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).strip();
        try {
            return literal(last);
        } catch (IllegalArgumentException e) {
            LOG.warnf("balancer %s sent X-Forwarded-For '%s', not an address; using the balancer's address", peer, last);
            return peer;
        }
    }

    private boolean isTrusted(InetAddress peer) {
        if (trusted.contains(peer)) {
            return true;
        }
        if (clock.millis() - resolvedAt >= REFRESH.toMillis()) {
            resolve();
        }
        return trusted.contains(peer);
    }

    private synchronized void resolve() {
        long now = clock.millis();
        if (now - resolvedAt < REFRESH.toMillis()) {
            return;
        }
        Set<InetAddress> addresses = ConcurrentHashMap.newKeySet();
        for (String proxy : proxies) {
            try {
                addresses.addAll(List.of(lookup.addresses(proxy)));
            } catch (UnknownHostException e) {
                LOG.debugf("trusted proxy %s does not resolve now: %s", proxy, e.getMessage());
            }
        }
        trusted = Set.copyOf(addresses);
        resolvedAt = now;
    }

    /** A numeric address (IPv4, IPv6 with or without brackets), parsed without any lookup. */
    static InetAddress literal(String address) {
        String bare = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1)
                : address;
        if (!(bare.indexOf(':') >= 0 || IPV4.matcher(bare).matches())) {
            throw new IllegalArgumentException("not a numeric address: " + address);
        }
        try {
            return InetAddress.getByName(bare); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric address: " + address, e);
        }
    }

    /** Name resolution (the JVM's resolver; tests replace it). */
    @FunctionalInterface
    interface Lookup {
        InetAddress[] addresses(String name) throws UnknownHostException;
    }
}
