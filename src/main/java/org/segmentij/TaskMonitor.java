package org.segmentij;

import java.util.function.Supplier;

/**
 * Progress and cancellation of long work, without a UI: algorithms report steps with
 * {@link #progress} and call {@link #checkCanceled} between them; whoever runs them (ImageJ's
 * status bar and Esc, the command line) installs a {@link Listener} with {@link #with} for the
 * duration of the work. Without a listener both are no-ops. The listener belongs to the thread
 * that installed it (worker threads of an algorithm do not report; its outer loop does).
 */
public final class TaskMonitor {

	/** Receives progress; says whether the user asked to stop. Called from worker threads. */
	public interface Listener {
		void progress(String what, long done, long total);

		boolean canceled();
	}

	/** The work was stopped by the user (Esc); nothing was written. */
	public static final class CanceledException extends SegmentIJException {
		private static final long serialVersionUID = 1L;

		public CanceledException(String what) {
			super(what + " was canceled (Esc); no result was made.", null);
		}

		@Override
		public int exitCode() {
			return 130;
		}
	}

	private static final ThreadLocal<Listener> CURRENT = new ThreadLocal<>();

	private TaskMonitor() {
	}

	/** Runs {@code work} with {@code listener} receiving its progress (nested calls restore the outer one). */
	public static <R> R with(Listener listener, Supplier<R> work) {
		Listener saved = CURRENT.get();
		CURRENT.set(listener);
		try {
			return work.get();
		}
		finally {
			if (saved == null)
				CURRENT.remove();
			else
				CURRENT.set(saved);
		}
	}

	/** Reports that {@code done} of {@code total} steps of {@code what} are finished. */
	public static void progress(String what, long done, long total) {
		Listener l = CURRENT.get();
		if (l != null)
			l.progress(what, done, total);
	}

	/** Throws {@link CanceledException} when the user asked to stop. */
	public static void checkCanceled(String what) {
		Listener l = CURRENT.get();
		if (l != null && l.canceled())
			throw new CanceledException(what);
	}
}
