package org.tandem.rpc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of Tandem's domain exceptions that cross the wire like Nova's {@code NovaException}:
 * module {@code nova.exception}, the class's simple name, keyword args carrying the format
 * parameters and {@code code} (an HTTP-like status, 500 unless a subclass says otherwise).
 *
 * <p>Positional args are the message alone, as Nova's exceptions have, so a Python peer that
 * rebuilds the class keeps the exact text. Subclasses that callers should get back as themselves register a factory in
 * {@link RemoteExceptions}; Python peers rebuild them when a class of the same name exists in
 * {@code nova.exception}.
 */
public class TandemException extends RuntimeException implements WireException {
    /** Module Python peers see for Tandem domain exceptions (Nova's exception module). */
    public static final String NOVA_EXCEPTION_MODULE = "nova.exception";

    private final Map<String, Object> kwargs;

    public TandemException(String message) {
        this(message, Map.of());
    }

    public TandemException(String message, Map<String, ?> kwargs) {
        this(message, kwargs, null);
    }

    public TandemException(String message, Map<String, ?> kwargs, Throwable cause) {
        super(message, cause);
        Map<String, Object> copy = new LinkedHashMap<>(kwargs == null ? Map.of() : kwargs);
        copy.putIfAbsent("code", defaultCode());
        this.kwargs = Collections.unmodifiableMap(copy);
    }

    /** HTTP-like status carried as kwarg {@code code}; override in subclasses. */
    protected int defaultCode() {
        return 500;
    }

    public int code() {
        return kwargs.get("code") instanceof Number n ? n.intValue() : defaultCode();
    }

    public Map<String, Object> kwargs() {
        return kwargs;
    }

    @Override
    public String wireModule() {
        return NOVA_EXCEPTION_MODULE;
    }

    /** The subclass's simple name; the base class itself travels as Nova's {@code NovaException}. */
    @Override
    public String wireClass() {
        return getClass() == TandemException.class ? "NovaException" : getClass().getSimpleName();
    }

    @Override
    public Map<String, Object> wireKwargs() {
        return kwargs;
    }
}
