package io.peershare.peer.control;

/** {@code POST /control/v1/publish}: copy the absolute {@code localPath} into the repository as {@code name}. */
public record PublishRequest(String localPath, String name, boolean replace) {
}
