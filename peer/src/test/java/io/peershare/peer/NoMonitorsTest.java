package io.peershare.peer;

import io.peershare.peer.repository.Repository;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No {@code synchronized} method or block anywhere in the peer (virtual threads run its control API, re-indexing
 * and tracker session, and those reach most of the rest): on JDK 21 a virtual thread blocked on a monitor pins its carrier, and a
 * handful waiting on a re-index could stop every virtual thread, the tracker heartbeats among them. The tests run
 * on a JDK where monitors no longer pin, so this reads the compiled classes instead: no method has the
 * ACC_SYNCHRONIZED flag, none contains MONITORENTER. Use java.util.concurrent.locks.
 */
class NoMonitorsTest {

    @Test
    void shouldHoldNoMonitorWhereVirtualThreadsWait() throws IOException, URISyntaxException {
        Path classes = Path.of(Repository.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files = new ArrayList<>();
        // Every class of the peer: virtual threads run the control API, re-indexing and the tracker session, and
        // they call into the swarm's shared state and the server's life cycle.
        try (Stream<Path> listing = Files.walk(classes.resolve("io/peershare/peer"))) {
            listing.filter(p -> p.toString().endsWith(".class")).forEach(files::add);
        }
        assertThat(files).as("classes found under " + classes).hasSizeGreaterThan(20);

        List<String> monitors = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                new ClassReader(in).accept(new MonitorFinder(monitors), ClassReader.SKIP_DEBUG);
            }
        }
        assertThat(monitors).as("synchronized methods and blocks").isEmpty();
    }

    /** Collects "Class.method" for every synchronized method and every MONITORENTER. */
    private static final class MonitorFinder extends ClassVisitor {
        private final List<String> found;
        private String owner;

        MonitorFinder(List<String> found) {
            super(Opcodes.ASM9);
            this.found = found;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            owner = name.replace('/', '.');
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String method = owner + "." + name;
            if ((access & Opcodes.ACC_SYNCHRONIZED) != 0) {
                found.add(method + " is synchronized");
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitInsn(int opcode) {
                    if (opcode == Opcodes.MONITORENTER) {
                        found.add(method + " has a synchronized block");
                    }
                }
            };
        }
    }
}
