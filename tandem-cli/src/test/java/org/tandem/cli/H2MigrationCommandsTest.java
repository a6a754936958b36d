package org.tandem.cli;

/** The migration commands on an embedded H2 file shared between processes (AUTO_SERVER). */
class H2MigrationCommandsTest extends MigrationCommandsContract {
    @Override
    protected String openEmptyDatabase() {
        return "jdbc:h2:file:" + dir.resolve("nova") + ";AUTO_SERVER=TRUE";
    }
}
