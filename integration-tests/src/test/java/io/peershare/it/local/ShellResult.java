package io.peershare.it.local;

/** What a one-shot shell invocation did: its exit code and what it printed. */
record ShellResult(int exitCode, String stdout, String stderr) {

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
