package org.tandem.api;

import java.util.List;

/**
 * The images this cloud offers. Tandem has no image service: the fake virt driver boots any image
 * id, and the API serves this fixed list under {@code /image/v2/images} (Glance v2 shape) so that
 * clients can resolve {@code --image <name>} without a separate image service.
 */
public final class Images {
    /** One image: Glance's id, name, formats and size. */
    public record Image(String id, String name, String diskFormat, String containerFormat, long size,
            int minDisk, int minRam, String createdAt) {
    }

    /** The image of the quick-start examples. */
    public static final Image CIRROS = new Image("70a599e0-31e7-49b7-b260-868f441e862b", "cirros-0.6.2-x86_64-disk",
            "qcow2", "bare", 21430272L, 0, 0, "2026-01-01T00:00:00Z");

    /** Every image, in list order. */
    public static final List<Image> ALL = List.of(CIRROS);

    private Images() {
    }
}
