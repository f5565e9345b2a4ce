package org.segmentij;

/** A wrong way of calling: an unknown technique, a parameter out of range or of the wrong type. Exit code 2. */
public class UsageException extends SegmentIJException {
	private static final long serialVersionUID = 1L;

	public UsageException(String message) {
		super(message, null);
	}

	@Override
	public int exitCode() {
		return 2;
	}
}
