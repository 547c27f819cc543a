package io.tributary.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierTest {

  private static Verifier.Line line(long id, long seq, long at) {
    return new Verifier.Line(id, "k" + (id % 2), seq, "c", at);
  }

  @Test
  void counts_lost_duplicated_and_first_occurrences_out_of_key_order() {
    // key k0: ids 0, 2, 4 (seq 0, 1, 2); key k1: ids 1, 3 (seq 0, 1)
    List<Verifier.Line> lines = List.of(line(0, 0, 10), line(4, 2, 11), line(2, 1, 12), line(1, 0, 13),
        line(0, 0, 14), line(1, 0, 15));
    Verifier.Counts counts = Verifier.count(lines, 5, id -> true);
    assertThat(counts.lost()).isEqualTo(1); // id 3
    assertThat(counts.duplicated()).isEqualTo(2); // ids 0 and 1 again
    assertThat(counts.orderViolations()).isEqualTo(1); // seq 1 of k0 after seq 2
    assertThat(counts.processed()).isEqualTo(4);
  }

  @Test
  void a_duplicate_of_an_earlier_event_is_not_an_order_violation() {
    List<Verifier.Line> lines = List.of(line(0, 0, 1), line(2, 1, 2), line(0, 0, 3), line(4, 2, 4));
    assertThat(Verifier.count(lines, 6, id -> id % 2 == 0).orderViolations()).isZero();
    assertThat(Verifier.count(lines, 6, id -> id % 2 == 0).lost()).isZero();
  }

  @Test
  void recovery_is_measured_to_the_first_matching_line_at_or_after_the_reference() {
    List<Verifier.Line> lines = List.of(line(0, 0, 100), line(2, 1, 250), line(4, 2, 180));
    assertThat(Verifier.recoveryMs(lines, 150, l -> true)).contains(30L);
    assertThat(Verifier.recoveryMs(lines, 150, l -> l.id() == 2)).contains(100L);
    assertThat(Verifier.recoveryMs(lines, 300, l -> true)).isEmpty();
  }
}
