package io.peershare.tracker.dashboard;

import io.peershare.protocol.api.Flow;
import io.peershare.protocol.api.Transfer;
import io.peershare.protocol.api.TransferReport;
import io.peershare.tracker.registry.RegistryException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportValidationTest {

    private static final String SHA = "A".repeat(64);

    private static Transfer with(String id, String name, String state, int pieces, int piecesHeld, String held,
                                 List<Flow> flows) {
        return new Transfer(id, name, SHA, 1000, pieces, state, piecesHeld, 0, held, flows);
    }

    private static void refused(Transfer transfer, String message) {
        assertThatThrownBy(() -> ReportValidation.check(new TransferReport(List.of(transfer))))
                .isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).kind()).isEqualTo(RegistryException.Kind.INVALID_INPUT))
                .hasMessageContaining(message);
    }

    @Test
    void shouldNormalizeAValidReport() {
        TransferReport checked = ReportValidation.check(new TransferReport(List.of(
                with("f-1", "cat.png", "DOWNLOADING", 10, 2, Reports.bitfield(10, 2), null))));

        assertThat(checked.transfers().getFirst().sha256()).isEqualTo("a".repeat(64));
        assertThat(checked.transfers().getFirst().flows()).isEmpty();
    }

    @Test
    void shouldRefuseAMissingBodyAndTooManyTransfers() {
        assertThatThrownBy(() -> ReportValidation.check(null)).hasMessageContaining("body is missing");
        Transfer one = with("f", "a.txt", "DONE", 1, 1, null, List.of());
        assertThatThrownBy(() -> ReportValidation.check(new TransferReport(
                Collections.nCopies(TransferReport.MAX_TRANSFERS + 1, one)))).hasMessageContaining("limit is 16");
    }

    @Test
    void shouldRefuseBadIdsNamesStatesAndNumbers() {
        refused(with("a b", "a.txt", "DONE", 1, 1, null, List.of()), "id must be");
        refused(with("f", "../etc", "DONE", 1, 1, null, List.of()), "");
        refused(with("f", "a.txt", "SLEEPING", 1, 1, null, List.of()), "state must be one of");
        refused(with("f", "a.txt", "DONE", -2, 0, null, List.of()), "pieces must be at least -1");
        refused(with("f", "a.txt", "DONE", 4, 5, null, List.of()), "piecesHeld 5 is more than pieces 4");
        refused(new Transfer("f", "a.txt", "xyz", 1, 1, "DONE", 1, 1, null, List.of()), "sha256 must be 64 hex");
    }

    @Test
    void shouldRefuseABitfieldThatIsNotBase64OrLongerThanThePiecesNeed() {
        refused(with("f", "a.txt", "DOWNLOADING", 16, 0, "!!!!", List.of()), "not base64");
        refused(with("f", "a.txt", "DOWNLOADING", 8, 0, Reports.bitfield(16, 0), List.of()), "longer than 8 pieces need");
        refused(with("f", "a.txt", "DOWNLOADING", -1, 0, "AA==", List.of()), "held is sent only when pieces");
        refused(with("f", "a.txt", "DOWNLOADING", TransferReport.MAX_BITFIELD_PIECES + 1, 0, "AA==", List.of()),
                "held is sent only when pieces");
    }

    @Test
    void shouldRefuseTooManyFlowsAndBadFlows() {
        Flow flow = new Flow("peer1", 10, 10);
        refused(with("f", "a.txt", "DOWNLOADING", 1, 0, null, Collections.nCopies(TransferReport.MAX_FLOWS + 1, flow)),
                "limit is 64");
        refused(with("f", "a.txt", "DOWNLOADING", 1, 0, null, List.of(new Flow("bad host", 1, 1))), "flows[0]: source");
        refused(with("f", "a.txt", "DOWNLOADING", 1, 0, null, List.of(new Flow("peer1", 1, -1))),
                "bytesPerSecond must be at least 0");
    }
}
