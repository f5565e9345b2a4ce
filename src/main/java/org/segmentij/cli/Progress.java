package org.segmentij.cli;

/** A progress bar with ETA on stderr: {@code [######......]  12/40  30%  ETA 0:45}. */
final class Progress {

	private final int total;
	private final boolean quiet;
	private final long start = System.nanoTime();
	private int done, failed;
	private final boolean console = System.console() != null;
	private int lastPercentPrinted = -1;

	Progress(int total, boolean quiet) {
		this.total = total;
		this.quiet = quiet;
	}

	synchronized void step(boolean failedOne) {
		done++;
		if (failedOne)
			failed++;
		if (quiet)
			return;
		int percent = (int) (100L * done / total);
		// on a terminal redraw every step; in a log, a line every 10%
		if (!console && percent / 10 == lastPercentPrinted / 10 && done != total)
			return;
		lastPercentPrinted = percent;
		double elapsed = (System.nanoTime() - start) / 1e9;
		long eta = Math.round(elapsed / done * (total - done));
		int width = 30, filled = (int) ((long) width * done / total);
		String bar = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
		String line = String.format("%s %d/%d %3d%% ETA %d:%02d%s", bar, done, total, percent, eta / 60, eta % 60,
				failed > 0 ? "  failed " + failed : "");
		System.err.print(console ? "\r" + line : line + "\n");
		System.err.flush();
	}

	synchronized void done() {
		if (!quiet && console)
			System.err.println();
	}
}
