package org.tandem.api;

/** Reboot flavours of {@code POST /servers/{id}/action {"reboot": {"type": ...}}}. */
public enum RebootType {
    SOFT, HARD
}
