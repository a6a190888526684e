package io.peershare.peer.repository;

/** Told about every change of the shared set, after the index is saved (the tracker session announces them). */
public interface RepositoryListener {

    void added(IndexEntry entry);

    void removed(String name);
}
