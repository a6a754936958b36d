package org.tandem.rpc.transport;

/**
 * The final reply to a call: either a result (any JSON-compatible value, possibly null) or a
 * {@code failure}, the oslo failure JSON string ({@code class}, {@code module}, {@code message},
 * {@code tb}, {@code args}, {@code kwargs}).
 */
public record Reply(Object result, String failure) {
    public boolean isFailure() {
        return failure != null;
    }
}
