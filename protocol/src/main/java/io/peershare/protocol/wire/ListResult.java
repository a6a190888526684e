package io.peershare.protocol.wire;

import java.util.List;

/**
 * One page of a peer's file list: {@code total} files in all, this page holding {@code files} from
 * index {@code start}. A client asks again from {@code start + files.size()} until it has {@code total}.
 */
public record ListResult(long total, long start, List<FileInfo> files) implements Message {

    public ListResult {
        Fields.requireU32("total", total);
        Fields.requireU32("start", start);
        files = List.copyOf(files);
        if (files.size() > WireLimits.MAX_LIST_ENTRIES) {
            throw new IllegalArgumentException("a LIST_RESULT holds at most " + WireLimits.MAX_LIST_ENTRIES + " files");
        }
        if (start + files.size() > total) {
            throw new IllegalArgumentException("LIST_RESULT page " + start + "+" + files.size() + " exceeds total " + total);
        }
    }

    @Override
    public MessageType type() {
        return MessageType.LIST_RESULT;
    }
}
