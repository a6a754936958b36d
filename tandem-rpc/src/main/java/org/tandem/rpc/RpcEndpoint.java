package org.tandem.rpc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a class as an RPC endpoint with its namespace and version (oslo's endpoint
 * {@code target}). Its RPC methods are the public methods whose first parameter is a
 * {@link RequestContext}; see {@link Endpoint}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RpcEndpoint {
    /** The namespace; empty means the null namespace. */
    String namespace() default "";

    /** The highest version implemented, {@code X.Y}. */
    String version() default "1.0";
}
