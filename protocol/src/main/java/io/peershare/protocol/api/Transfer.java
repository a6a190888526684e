package io.peershare.protocol.api;

import java.util.List;

/**
 * One fetch as its fetcher sees it.
 *
 * @param id         the fetch's id on that peer (the control API's)
 * @param name       the file's name
 * @param sha256     the content's hash once known, else null
 * @param size       the file's size once known, else -1
 * @param pieces     number of pieces once known, else -1
 * @param state      LOCATING, DOWNLOADING, VERIFYING, DONE, ALREADY_PRESENT or FAILED
 * @param piecesHeld verified pieces on the fetcher's disk
 * @param bytesHeld  their bytes
 * @param held       base64 of the bitfield of pieces held (piece i is bit {@code 7 - i % 8} of byte {@code i / 8},
 *                   as on the wire), or null when the piece count is unknown or above
 *                   {@link TransferReport#MAX_BITFIELD_PIECES}
 * @param flows      at most {@link TransferReport#MAX_FLOWS}: the sources that gave bytes, and how fast now
 */
public record Transfer(String id, String name, String sha256, long size, int pieces, String state,
                       int piecesHeld, long bytesHeld, String held, List<Flow> flows) {
}
