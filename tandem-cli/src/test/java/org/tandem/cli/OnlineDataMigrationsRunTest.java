package org.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tandem.model.db.migration.OnlineMigration;

/** The online_data_migrations loop and exit codes (facts §6.1) with stand-in migrations. */
class OnlineDataMigrationsRunTest {
    /** A migration with {@code left} records, of which the first {@code stuck} cannot be migrated. */
    static final class Counting implements OnlineMigration {
        final String name;
        int left;
        int stuck;
        final List<Integer> asked = new java.util.ArrayList<>();

        Counting(String name, int left, int stuck) {
            this.name = name;
            this.left = left;
            this.stuck = stuck;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Result migrate(int maxCount) {
            asked.add(maxCount);
            int found = Math.min(maxCount, left);
            int skipped = Math.min(found, stuck);
            stuck -= skipped;
            left -= found;
            return new Result(found, found - skipped);
        }
    }

    static final OnlineMigration FAILING = new OnlineMigration() {
        @Override
        public String name() {
            return "broken_migration";
        }

        @Override
        public Result migrate(int maxCount) {
            throw new IllegalStateException("simulated failure");
        }
    };

    private static String[] run(List<OnlineMigration> ms, Integer max, int[] exit) {
        StringWriter out = new StringWriter();
        exit[0] = OnlineDataMigrationsCommand.run(ms, max, new PrintWriter(out));
        return out.toString().split(System.lineSeparator());
    }

    @Test
    void maxCountIsSharedAcrossMigrationsAndExitOneMeansRerun() {
        Counting a = new Counting("a_first", 3, 0);
        Counting b = new Counting("b_second", 10, 0);
        int[] exit = new int[1];
        String[] lines = run(List.of(a, b), 5, exit);
        assertThat(exit[0]).isEqualTo(1);
        assertThat(b.asked).containsExactly(2);
        assertThat(lines).containsSequence("3 rows matched query a_first, 3 migrated",
                "2 rows matched query b_second, 2 migrated", "+-----------+--------------+-----------+",
                "| Migration | Total Needed | Completed |", "+-----------+--------------+-----------+",
                "|  a_first  |      3       |     3     |", "|  b_second |      2       |     2     |",
                "+-----------+--------------+-----------+");
        int[] again = new int[1];
        run(List.of(new Counting("a_first", 0, 0)), 5, again);
        assertThat(again[0]).as("nothing migrated: done").isZero();
    }

    @Test
    void unlimitedRunsBatchesOfFiftyPastRecordsThatCannotMoveYet() {
        Counting a = new Counting("a", 120, 60);
        int[] exit = new int[1];
        String[] lines = run(List.of(a), null, exit);
        assertThat(exit[0]).isZero();
        assertThat(lines[0]).isEqualTo("Running batches of 50 until complete");
        assertThat(a.asked).containsExactly(50, 50, 50, 50);
        assertThat(lines).contains("|     a     |     120      |     60    |");
    }

    @Test
    void aFailingMigrationGivesTwoAndTheOthersStillRun() {
        Counting ok = new Counting("ok", 4, 0);
        int[] exit = new int[1];
        String[] lines = run(List.of(FAILING, ok), null, exit);
        assertThat(exit[0]).isEqualTo(2);
        assertThat(lines).contains("Error attempting to run broken_migration", "4 rows matched query ok, 4 migrated",
                "Some migrations failed unexpectedly. Check log for details.");
        int[] limited = new int[1];
        run(List.of(FAILING, new Counting("ok", 4, 0)), 10, limited);
        assertThat(limited[0]).as("something migrated in the only batch: rerun").isEqualTo(1);
        int[] nothing = new int[1];
        run(List.of(FAILING), 10, nothing);
        assertThat(nothing[0]).isEqualTo(2);
    }
}
