package org.segmentij;

/**
 * An error the user can fix: a bad parameter, an unreadable file, an image of the wrong kind.
 * Its message says what is wrong and what to do; the command line prints it as one line and
 * exits with {@link #exitCode()}, ImageJ shows it in an error dialog.
 */
public abstract class SegmentIJException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	protected SegmentIJException(String message, Throwable cause) {
		super(message, cause);
	}

	/** Process exit code of the command line for this error (2 usage, 3 input). */
	public abstract int exitCode();
}
