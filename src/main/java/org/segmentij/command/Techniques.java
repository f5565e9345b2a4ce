package org.segmentij.command;

/** Menu constants shared by SegmentIJ's commands. */
public final class Techniques {

	private Techniques() {
	}

	/**
	 * SegmentIJ's commands live under their own SciJava menu root, so that Fiji's legacy layer
	 * does not add a second menu entry next to the one ImageJ 1 builds from plugins.config
	 * (which routes through {@link org.segmentij.ij1.TechniquePlugin} and records macros).
	 */
	public static final String MENU_ROOT = "segmentij";

	/** The menu all techniques sit under; the next level is the group. */
	public static final String MENU = "Plugins>Segmentation>";

	/** A SciJava menu path as ImageJ 1 writes it: "Plugins>Segmentation>Threshold>Otsu Threshold". */
	public static String menuString(org.scijava.MenuPath path) {
		return path.stream().map(e -> e.getName().trim()).collect(java.util.stream.Collectors.joining(">"));
	}
}
