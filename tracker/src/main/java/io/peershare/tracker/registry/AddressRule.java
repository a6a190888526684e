package io.peershare.tracker.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which address a registration may advertise. The tracker PINGs the advertised address, so accepting any
 * would let anyone make it connect anywhere (a port scanner). By default the address must be where the
 * request came from: the source address itself, or a name that resolves to it (a container advertises its
 * hostname, a process on the tracker's host 127.0.0.1). An operator may allow networks, or any address.
 */
public final class AddressRule {

    private final boolean allowAny;
    private final List<Cidr> allowedNetworks;

    public AddressRule(boolean allowAny, List<String> allowedNetworks) {
        this.allowAny = allowAny;
        this.allowedNetworks = allowedNetworks.stream().map(Cidr::parse).toList();
    }

    /** Accepts any address: for tests and for operators who set tracker.registration.allow-any-address. */
    public static AddressRule any() {
        return new AddressRule(true, List.of());
    }

    /** Throws ADDRESS_NOT_ALLOWED unless {@code advertised} may be registered by a request from {@code source}. */
    public void check(String advertised, InetAddress source) {
        if (allowAny) {
            return;
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(stripBrackets(advertised));
        } catch (UnknownHostException | SecurityException e) {
            throw refused(advertised, source, "does not resolve");
        }
        for (InetAddress address : resolved) {
            if (address.equals(source) || allowedNetworks.stream().anyMatch(net -> net.contains(address))) {
                return;
            }
        }
        throw refused(advertised, source, "is not the address this request came from (" + source.getHostAddress() + ")");
    }

    private static String stripBrackets(String address) {
        return address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
    }

    private static RegistryException refused(String advertised, InetAddress source, String why) {
        return new RegistryException(RegistryException.Kind.ADDRESS_NOT_ALLOWED, "advertised address '"
                + RequestValidation.printable(advertised) + "' " + why + "; advertise the address the tracker sees this "
                + "peer at (peer.advertised-address), or ask the tracker's operator to allow it "
                + "(tracker.registration.allowed-networks)");
    }

    /** An IPv4 or IPv6 network, e.g. 10.0.0.0/8. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String[] parts = text.strip().split("/", 2);
            try {
                if (!parts[0].matches("[0-9a-fA-F.:]+")) {
                    throw new IllegalArgumentException("not an IP address");
                }
                byte[] network = InetAddress.getByName(parts[0]).getAddress(); // a literal: no DNS lookup
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("prefix out of range");
                }
                return new Cidr(network, prefix);
            } catch (UnknownHostException | IllegalArgumentException e) {
                throw new IllegalArgumentException("tracker.registration.allowed-networks: '" + text
                        + "' is not a network like 10.0.0.0/8 or fd00::/8", e);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
