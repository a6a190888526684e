package io.peershare.tracker.registry;

import io.peershare.protocol.api.RegisterRequest;
import io.peershare.protocol.api.RegisterResponse;
import io.peershare.protocol.api.RegisterSignature;
import io.peershare.tracker.TrackerConfig;
import io.peershare.tracker.metrics.TrackerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Registration = proof of identity, the address rule, the registry's rules, a reachability check, and the
 * binding of the hostname to the peer's key (docs/architecture.md, "Identity"). The cheap checks run first
 * so a refused request costs no network round trip; the probe runs outside any lock; the identity book and
 * the registry re-check their rules atomically when they finally record the peer.
 */
@ApplicationScoped
public class Registration {

    private static final Logger LOG = Logger.getLogger(Registration.class);

    private final Registry registry;
    private final Reachability reachability;
    private final IdentityBook identities;
    private final AddressRule addresses;
    private final Clock clock;
    private final Duration maxClockSkew;
    private final TrackerMetrics metrics;

    @Inject
    public Registration(Registry registry, Reachability reachability, IdentityBook identities, Clock clock,
                        TrackerConfig config, TrackerMetrics metrics) {
        this(registry, reachability, identities, new AddressRule(config.registration().allowAnyAddress(),
                config.registration().allowedNetworks().orElse(List.of())), clock, config.identity().maxClockSkew(), metrics);
    }

    public Registration(Registry registry, Reachability reachability, IdentityBook identities, AddressRule addresses,
                        Clock clock, Duration maxClockSkew) {
        this(registry, reachability, identities, addresses, clock, maxClockSkew, TrackerMetrics.none());
    }

    public Registration(Registry registry, Reachability reachability, IdentityBook identities, AddressRule addresses,
                        Clock clock, Duration maxClockSkew, TrackerMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.reachability = reachability;
        this.identities = identities;
        this.addresses = addresses;
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    /** Registers the peer that sent {@code request} from {@code source}, counting the outcome. */
    public RegisterResponse register(RegisterRequest request, InetAddress source) {
        RegisterResponse response;
        try {
            response = checkAndRecord(request, source);
        } catch (RuntimeException e) {
            metrics.registrationRefused(e);
            throw e;
        }
        metrics.registered();
        return response;
    }

    private RegisterResponse checkAndRecord(RegisterRequest request, InetAddress source) {
        RequestValidation.register(request);
        proveIdentity(request);
        addresses.check(request.address(), source);
        identities.check(request.hostname(), request.publicKey(), request.timestamp());
        registry.checkRegistrable(request);
        verifyReachable(request);
        long change = identities.bind(request.hostname(), request.publicKey(), request.timestamp());
        try {
            identities.awaitDurable(change);
        } catch (IOException e) {
            LOG.errorf("cannot save the identity book: %s", e.getMessage());
            throw new RegistryException(RegistryException.Kind.UNAVAILABLE, "the tracker cannot record who owns '"
                    + request.hostname() + "' (its data directory cannot be written); retry later, and tell its operator");
        }
        RegisterResponse response = registry.register(request);
        LOG.infof("registered %s at %s:%d", request.hostname(), request.address(), request.port());
        return response;
    }

    /** A heartbeat: the registry marks the peer seen, and its name stays bound to its key. */
    public RegisterResponse heartbeat(String hostname, String token) {
        RegisterResponse response = registry.heartbeat(hostname, token);
        identities.touch(hostname);
        return response;
    }

    private void proveIdentity(RegisterRequest request) {
        PublicKey key;
        try {
            key = RegisterSignature.publicKey(request.publicKey());
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid(e.getMessage() + "; a peer of this version sends its key with every "
                    + "registration (upgrade the peer)");
        }
        long skew = Math.abs(clock.millis() - request.timestamp());
        if (skew > maxClockSkew.toMillis()) {
            throw new RegistryException(RegistryException.Kind.BAD_SIGNATURE, "the registration's timestamp is "
                    + skew / 1000 + " s away from the tracker's clock (at most " + maxClockSkew.toSeconds()
                    + " s allowed); synchronize the peer's clock (NTP) and retry");
        }
        if (!RegisterSignature.verify(key, request)) {
            throw new RegistryException(RegistryException.Kind.BAD_SIGNATURE, "the signature does not match the "
                    + "public key and the signed fields (hostname, address, port, timestamp); sign them with the "
                    + "peer's key (docs/api.md, Register)");
        }
    }

    /**
     * The probe's reason (what answered at that address) stays in the tracker's log: the caller is not yet
     * authenticated, and the answer must not tell it what runs at an address it picked.
     */
    private void verifyReachable(RegisterRequest request) {
        try {
            reachability.verify(request.hostname(), request.address(), request.port());
        } catch (RegistryException e) {
            if (e.kind() != RegistryException.Kind.UNREACHABLE) {
                throw e;
            }
            LOG.infof("registration of %s refused: %s", request.hostname(), e.getMessage());
            throw new RegistryException(RegistryException.Kind.UNREACHABLE, request.address() + ":" + request.port()
                    + " did not answer as a peershare peer; set peer.advertised-address (PEER_ADVERTISED_ADDRESS) "
                    + "to an address the tracker can reach, and check that the peer's file server listens there");
        }
    }
}
