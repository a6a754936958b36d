package org.tandem.model.db;

import java.util.Map;
import org.tandem.db.repository.FlavorRow;
import org.tandem.model.Flavor;

/** Flavor rows to {@link Flavor} objects, for the object backend and the data migrations. */
public final class FlavorRows {
    private FlavorRows() {
    }

    /** The Flavor object of a row, with its extra specs and no pending changes. */
    public static Flavor toFlavor(FlavorRow row) {
        Flavor f = RowMapping.fill(new Flavor(), row, "extra_specs");
        f.set(Flavor.EXTRA_SPECS, row.extraSpecs() == null ? Map.of() : row.extraSpecs());
        f.resetChanges();
        return f;
    }
}
