package org.tandem.rpc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sets the wire name of an endpoint method parameter (default: the Java name in snake_case) and
 * whether callers may leave it out (then it is null, or 0/false for primitives), like a Python
 * keyword argument with a default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface RpcArg {
    /** Wire name; empty means derived from the parameter name. */
    String value() default "";

    boolean optional() default false;
}
