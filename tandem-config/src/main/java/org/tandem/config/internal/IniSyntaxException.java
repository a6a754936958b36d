package org.tandem.config.internal;

/** A line the INI parser cannot accept; carries the 1-based line number and a description. */
public final class IniSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String problem;

    public IniSyntaxException(int line, String problem) {
        super("line " + line + ": " + problem);
        this.line = line;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
