package org.tandem.api;

/**
 * The project would exceed a quota or a capacity limit: 403 forbidden (as Nova answers OverQuota
 * on create), message e.g. "Quota exceeded for instances: Requested 3, but already used 9 of 10 instances".
 */
public final class QuotaExceededException extends ApiException {
    public QuotaExceededException(String message) {
        super(403, message);
    }
}
