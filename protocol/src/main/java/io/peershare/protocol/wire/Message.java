package io.peershare.protocol.wire;

/** A frame of the peer wire protocol. Records validate in their constructors: an invalid message cannot exist. */
public sealed interface Message
        permits Hello, HelloAck, Ping, Pong, ListFiles, ListResult, Get, DataHeader, ManifestRequest, ManifestPage,
        BitfieldRequest, BitfieldResult, HaveRequest, HaveResult, RetryLater, ErrorMessage {

    MessageType type();
}
