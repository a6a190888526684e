package io.peershare.protocol.api;

/**
 * Bytes a fetch received from one source.
 *
 * @param source         the source's hostname
 * @param bytes          verified bytes it gave in this fetch so far
 * @param bytesPerSecond its rate over the last report interval
 */
public record Flow(String source, long bytes, long bytesPerSecond) {
}
