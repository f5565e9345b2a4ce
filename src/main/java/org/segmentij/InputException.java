package org.segmentij;

/** Input that cannot be processed: a missing or unreadable file, an image of the wrong type or size. Exit code 3. */
public class InputException extends SegmentIJException {
	private static final long serialVersionUID = 1L;

	public InputException(String message) {
		super(message, null);
	}

	public InputException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public int exitCode() {
		return 3;
	}
}
