package org.tandem.model;

import java.util.Map;
import org.tandem.rpc.TandemException;

/** Base of the model's Nova exceptions: a formatted message plus its format kwargs. */
public class ModelException extends TandemException {
    protected ModelException(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }
}
