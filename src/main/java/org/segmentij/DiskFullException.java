package org.segmentij;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A write that failed because the file system is full (ENOSPC) or the user's quota is spent
 * (EDQUOT). Its message names the file and says "disk full". Exit code 3, like every
 * input/output error. (A file larger than the process may write, EFBIG from {@code ulimit -f},
 * is not this: it concerns one file, not the ones after it.)
 */
public class DiskFullException extends InputException {
	private static final long serialVersionUID = 1L;

	private final Path target;

	public DiskFullException(Path target, IOException cause) {
		super("Cannot write " + target + ": disk full (" + reason(cause) + free(target)
				+ "). Free some space or write to another folder.", cause);
		this.target = target;
	}

	/** The file that could not be written. */
	public Path target() {
		return target;
	}

	/** True when the exception (or one of its causes) is the operating system saying no space is left. */
	public static boolean isDiskFull(Throwable e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof DiskFullException)
				return true;
			String m = t.getMessage();
			if (t instanceof IOException && m != null
					&& (m.contains("No space left on device") || m.contains("Disk quota exceeded")))
				return true;
		}
		return false;
	}

	private static String reason(IOException e) {
		for (Throwable t = e; t != null; t = t.getCause()) {
			String m = t.getMessage();
			if (m == null)
				continue;
			for (String r : new String[] { "No space left on device", "Disk quota exceeded" })
				if (m.contains(r))
					return r;
		}
		return String.valueOf(e.getMessage());
	}

	private static String free(Path target) {
		try {
			Path dir = target.toAbsolutePath().getParent();
			long bytes = Files.getFileStore(dir).getUsableSpace();
			return String.format(java.util.Locale.ROOT, "; %.1f MB free on %s", bytes / 1e6, dir);
		}
		catch (IOException | RuntimeException e) {
			return "";
		}
	}
}
