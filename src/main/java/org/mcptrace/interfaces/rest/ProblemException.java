package org.mcptrace.interfaces.rest;

/** Thrown by resources to answer with a problem document; the mapper turns it into the response. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public ProblemException(int status, String title, String detail, String field) {
        this(Problem.of(status, title, detail, field));
    }

    public Problem problem() {
        return problem;
    }
}
