package org.tandem.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tandem.db.repository.InstanceRepository;
import org.tandem.version.Release;

/**
 * {@code db sync} as an upgrade runs it, on each database: kilo's migrations only add to the juno
 * schema (every juno column and index is still there, unchanged), a second sync is a no-op, an
 * older release is refused, and the next release refuses while kilo's flavor migration is not done.
 */
public abstract class SchemaSyncContract {
    protected Database db;

    protected abstract Database openEmptyDatabase() throws Exception;

    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        db = openEmptyDatabase();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
        dropDatabase();
    }

    /** Every column (type, size, nullability, default) and index column of the schema, by name. */
    private Map<String, String> snapshot() throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = db.connection()) {
            DatabaseMetaData md = c.getMetaData();
            String catalog = c.getCatalog();
            String schema = db.vendor() == DbVendor.MARIADB ? null : c.getSchema();
            List<String> tables = new java.util.ArrayList<>();
            try (ResultSet rs = md.getTables(catalog, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String t = rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT);
                    if (!t.equals(SchemaManager.HISTORY_TABLE)) {
                        tables.add(rs.getString("TABLE_NAME"));
                    }
                }
            }
            for (String t : tables) {
                try (ResultSet rs = md.getColumns(catalog, schema, t, "%")) {
                    while (rs.next()) {
                        out.put("column " + t + "." + rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME") + "("
                                + rs.getInt("COLUMN_SIZE") + ") nullable=" + rs.getString("IS_NULLABLE") + " default="
                                + rs.getString("COLUMN_DEF"));
                    }
                }
                try (ResultSet rs = md.getIndexInfo(catalog, schema, t, false, false)) {
                    while (rs.next()) {
                        if (rs.getString("INDEX_NAME") != null) {
                            // Keyed by columns, not name: H2 names its primary-key indexes by a counter, and
                            // its ALTER TABLE rebuild merges a foreign key's index into an equal one.
                            out.put("index " + t + " unique=" + !rs.getBoolean("NON_UNIQUE") + " #"
                                    + rs.getShort("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME"), "indexed");
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void kiloOnlyAddsToTheJunoSchemaAndASecondSyncIsANoOp() throws SQLException {
        SchemaManager schema = new SchemaManager(db);
        schema.sync(Release.JUNO);
        Map<String, String> juno = snapshot();
        assertThat(juno).isNotEmpty();
        assertThat(schema.sync(Release.KILO)).isPositive();
        Map<String, String> kilo = snapshot();
        juno.forEach((what, definition) -> assertThat(kilo.get(what)).as(what + " after the kilo sync")
                .isEqualTo(definition));
        assertThat(kilo.keySet()).as("kilo adds").anyMatch(k -> k.equalsIgnoreCase("column instance_extra.flavor"));
        assertThat(schema.currentVersion()).isEqualTo(SchemaVersions.of(Release.KILO));

        assertThat(schema.sync()).as("migrations applied by a second sync").isZero();
        assertThat(new SchemaManager(db).sync(Release.KILO)).isZero();
        assertThat(snapshot()).isEqualTo(kilo);
    }

    @Test
    void anOlderReleaseIsRefusedAndChangesNothing() throws SQLException {
        SchemaManager schema = new SchemaManager(db);
        schema.sync();
        Map<String, String> before = snapshot();
        assertThatThrownBy(() -> schema.sync(Release.JUNO)).isInstanceOf(SchemaException.class)
                .hasMessageContaining("refusing to downgrade to 254").hasMessageContaining("run the older release");
        assertThat(schema.currentVersion()).isEqualTo(280);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void theNextReleaseRefusesWhileFlavorsAreUnmigrated() {
        SchemaManager next = new SchemaManager(db, List.of("classpath:db/test-next"));
        next.sync(Release.JUNO);
        InstanceRepository instances = new InstanceRepository(db);
        for (int i = 0; i < 3; i++) {
            instances.create(Map.of("vm_state", "active"), Map.of("instance_type_id", "1", "instance_type_name", "m1.tiny"),
                    Map.of());
        }
        String gone = instances.create(Map.of("vm_state", "active"), Map.of("instance_type_id", "1"), Map.of()).uuid();
        instances.softDelete(gone);
        next.sync(Release.KILO);
        int next291 = SchemaVersions.NEXT.firstVersion();
        assertThatThrownBy(() -> next.sync(next291)).isInstanceOf(SchemaException.class)
                .hasMessage("There are still 3 unmigrated flavor records. Migration cannot continue until all instance "
                        + "flavor records have been migrated to the new format. Please run `nova-manage db "
                        + "migrate_flavor_data' first.");
        assertThat(next.currentVersion()).isEqualTo(280);
        // What migrate_flavor_data leaves behind: no live instance_type_id key.
        db.jdbc().update("UPDATE instance_system_metadata SET deleted = id WHERE \"key\" = ? AND deleted = 0",
                "instance_type_id");
        assertThatThrownBy(() -> new SchemaManager(db).sync(next291)).isInstanceOf(SchemaException.class)
                .hasMessageContaining("newer than this build knows");
        assertThat(next.sync(next291)).isEqualTo(1);
        assertThat(next.currentVersion()).isEqualTo(291);
    }
}
